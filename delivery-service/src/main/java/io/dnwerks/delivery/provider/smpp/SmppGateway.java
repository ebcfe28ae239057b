package io.dnwerks.delivery.provider.smpp;

import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.logging.PhoneMask;
import io.dnwerks.delivery.domain.Gsm7;
import io.dnwerks.delivery.provider.DeliveryGuarantee;
import io.dnwerks.delivery.provider.GatewayEvents;
import io.dnwerks.delivery.provider.GatewayHealth;
import io.dnwerks.delivery.provider.OutgoingSms;
import io.dnwerks.delivery.provider.ReceiptText;
import io.dnwerks.delivery.provider.SendOutcome;
import io.dnwerks.delivery.provider.SmsGateway;
import io.dnwerks.delivery.provider.SmscNumbers;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import org.jboss.logging.Logger;
import org.jsmpp.DefaultPDUReader;
import org.jsmpp.DefaultPDUSender;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.SynchronizedPDUSender;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.OptionalParameters;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.session.connection.Connection;
import org.jsmpp.session.connection.ConnectionFactory;
import org.jsmpp.session.connection.socket.SocketConnection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMSC over SMPP 3.4 (jsmpp): one transceiver bind, bound again after it is lost or refused with a
 * new session per attempt and a doubling pause (ESME_RALYBND: the SMSC still holds the old bind, which
 * it drops in its own time). jsmpp's submit_sm waits for its resp, so submissions run on a pool of
 * {@code window} threads, which is the window of outstanding submit_sm, never on the event loop.
 * Receipts and MO messages come in deliver_sm on the same bind; each is acknowledged only once it is
 * safe with us (journaled, stored), and refused with ESME_RX_T_APPN when it cannot be taken now, so
 * that the SMSC delivers it again. SMPP has no idempotency key: at-most-once by default.
 */
public class SmppGateway implements SmsGateway {

    public static final String TYPE = "smpp";
    private static final Logger LOG = Logger.getLogger(SmppGateway.class);

    private final String name;
    private final SmppConfig.Instance config;
    private final ExecutorService submitters;
    private final ScheduledExecutorService binder;
    private final AtomicInteger references = new AtomicInteger((int) (Math.random() * 65536));
    private volatile SMPPSession session;
    private volatile String lastProblem = "not bound yet";
    private volatile GatewayEvents events;
    private volatile boolean stopping;
    private Duration nextPause;

    SmppGateway(String name, SmppConfig.Instance config) {
        this.name = name;
        this.config = config;
        AtomicInteger n = new AtomicInteger();
        this.submitters = Executors.newFixedThreadPool(config.window(), r -> daemon(r, "smpp-" + name + "-submit-" + n.incrementAndGet()));
        this.binder = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "smpp-" + name + "-bind"));
        this.nextPause = config.reconnectDelay();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public DeliveryGuarantee guarantee() {
        return config.deliveryGuarantee();
    }

    /** Room in the window, then two resp waits: one for a one-part message, the second for the parts after it. */
    @Override
    public Duration timeout() {
        return config.windowWait().plus(config.responseTimeout().multipliedBy(2));
    }

    @Override
    public int maxBatch() {
        return config.batchSize();
    }

    @Override
    public void start(GatewayEvents events) {
        this.events = events;
        binder.execute(this::bind);
    }

    @Override
    public void stop() {
        stopping = true;
        binder.shutdownNow();
        SMPPSession s = session;
        if (s != null) {
            s.unbindAndClose();
        }
        submitters.shutdownNow();
    }

    @Override
    public GatewayHealth health() {
        SMPPSession s = session;
        return s != null && s.getSessionState().isBound() ? GatewayHealth.UP : GatewayHealth.down("SMPP not bound: " + lastProblem);
    }

    // ---- the bind ----

    private void bind() {
        if (stopping) {
            return;
        }
        SMPPSession s = new SMPPSession(new SynchronizedPDUSender(new DefaultPDUSender()), new DefaultPDUReader(), connections());
        s.setEnquireLinkTimer((int) config.enquireLink().toMillis());
        s.setTransactionTimer(config.responseTimeout().toMillis());
        // before the bind: an SMSC may deliver right after bind_resp (jsmpp's simulator does)
        s.setMessageReceiverListener(new Receiver());
        s.addSessionStateListener((newState, oldState, source) -> {
            if (newState == SessionState.CLOSED && source == session) {
                lost("the bind was lost (was " + oldState + ")");
            }
        });
        try {
            s.connectAndBind(config.host(), config.port(), new BindParameter(BindType.BIND_TRX, config.systemId(), config.password(),
                    config.systemType().orElse(""), TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), config.bindTimeout().toMillis());
            session = s;
            lastProblem = null;
            nextPause = config.reconnectDelay();
            LOG.infof("SMPP gateway %s bound (transceiver) to %s:%d as %s", name, config.host(), config.port(), config.systemId());
        } catch (IOException e) {
            String why = bindProblem(e);
            lastProblem = why;
            Duration pause = nextPause;
            nextPause = min(nextPause.multipliedBy(2), config.reconnectMax());
            LOG.warnf("SMPP gateway %s could not bind to %s:%d: %s; trying again in %d ms", name, config.host(), config.port(), why,
                    pause.toMillis());
            schedule(pause);
        }
    }

    private static String bindProblem(IOException e) {
        Throwable cause = e.getCause();
        if (cause instanceof NegativeResponseException refused) {
            return refused.getCommandStatus() == SmppAnswers.ESME_RALYBND
                    ? "ESME_RALYBND: the SMSC still holds an earlier bind of ours (it drops it in its own time)"
                    : "bind refused, " + SmppAnswers.describe(refused.getCommandStatus());
        }
        return e.getMessage();
    }

    private void lost(String why) {
        session = null;
        lastProblem = why;
        if (!stopping) {
            LOG.warnf("SMPP gateway %s: %s; binding again in %d ms", name, why, nextPause.toMillis());
            Duration pause = nextPause;
            nextPause = min(nextPause.multipliedBy(2), config.reconnectMax());
            schedule(pause);
        }
    }

    private void schedule(Duration pause) {
        if (!stopping) {
            try {
                binder.schedule(this::bind, pause.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                // shutting down
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** jsmpp's default factory connects without a time-out; an SMSC that does not answer must not hold the binder forever. */
    private ConnectionFactory connections() {
        return (host, port) -> {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), (int) config.connectTimeout().toMillis());
            Connection c = new SocketConnection(socket);
            return c;
        };
    }

    // ---- sending ----

    @Override
    public Uni<List<SendOutcome>> sendAll(List<OutgoingSms> batch) {
        long started = System.nanoTime();
        Context caller = io.vertx.core.Vertx.currentContext();
        List<Uni<SendOutcome>> each = batch.stream().map(sms -> Uni.createFrom()
                .completionStage(() -> CompletableFuture.supplyAsync(() -> submit(sms, started), submitters)
                        .exceptionally(f -> new SendOutcome.Unavailable("not submitted: " + f.getMessage(), Duration.ZERO)))).toList();
        Uni<List<SendOutcome>> all = Uni.join().all(each).andCollectFailures();
        // answers come on a submitter thread: back to the caller's context, where the dispatcher records them
        return caller == null ? all : all.emitOn(r -> caller.runOnContext(x -> r.run()));
    }

    /** On a submitter thread: all parts of one message, in order; blocking is what this thread is for. */
    private SendOutcome submit(OutgoingSms sms, long started) {
        SMPPSession s = session;
        if (s == null || !s.getSessionState().isTransmittable()) {
            return new SendOutcome.Unavailable("SMPP not bound: " + lastProblem, Duration.ZERO);
        }
        long waited = System.nanoTime() - started;
        if (waited > config.windowWait().toNanos()) {
            return new SendOutcome.Unavailable("no room in the SMPP window for " + config.windowWait().toMillis() + " ms", Duration.ZERO);
        }
        List<SmppParts.Part> parts;
        try {
            parts = SmppParts.of(sms.body(), config.longMessages(), config.defaultAlphabet(), references.incrementAndGet());
        } catch (IllegalArgumentException e) {
            return new SendOutcome.Permanent(e.getMessage());
        }
        long deadline = started + timeout().toNanos();
        Address from = Address.source(sms.from());
        String to = sms.to().startsWith("+") ? sms.to().substring(1) : sms.to();
        String lastId = null;
        for (int k = 0; k < parts.size(); k++) {
            SmppParts.Part part = parts.get(k);
            boolean last = k == parts.size() - 1;
            if (k > 0 && System.nanoTime() + config.responseTimeout().toNanos() > deadline) {
                return new SendOutcome.Unknown("part " + (k + 1) + " of " + parts.size() + " not sent in time; the parts before it were");
            }
            try {
                lastId = s.submitShortMessage("", from.ton(), from.npi(), from.address(), TypeOfNumber.INTERNATIONAL,
                        NumberingPlanIndicator.ISDN, to,
                        part.udhi() ? new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT, GSMSpecificFeature.UDHI) : new ESMClass(),
                        (byte) 0, (byte) 1, null, null,
                        // one receipt per message: for its last part, the one whose id it is known by
                        new RegisteredDelivery(last ? SMSCDeliveryReceipt.SUCCESS_FAILURE : SMSCDeliveryReceipt.DEFAULT),
                        (byte) 0, part.dataCoding() == SmppParts.DCS_UCS2 ? DataCodings.newInstance(SmppParts.DCS_UCS2) : DataCodings.ZERO,
                        (byte) 0, part.shortMessage(), sar(part)).getMessageId();
            } catch (NegativeResponseException e) {
                SendOutcome refused = SmppAnswers.refused(e.getCommandStatus(), config.throttlePause());
                return k == 0 ? refused : new SendOutcome.Unknown("part " + (k + 1) + " of " + parts.size() + " refused ("
                        + SmppAnswers.describe(e.getCommandStatus()) + ") after the parts before it were taken");
            } catch (ResponseTimeoutException e) {
                return new SendOutcome.Unknown("no submit_sm_resp within " + config.responseTimeout().toMillis() + " ms");
            } catch (InvalidResponseException e) {
                return new SendOutcome.Unknown("an invalid submit_sm_resp: " + e.getMessage());
            } catch (PDUException e) {
                return k == 0 ? new SendOutcome.Permanent("not a valid submit_sm: " + e.getMessage())
                        : new SendOutcome.Unknown("part " + (k + 1) + " not a valid submit_sm: " + e.getMessage());
            } catch (IOException e) {
                // jsmpp refuses before writing when the session is not bound; any other I/O failure may have come after
                boolean notWritten = k == 0 && String.valueOf(e.getMessage()).startsWith("Cannot submitShortMessage");
                return notWritten ? new SendOutcome.Unavailable("SMPP not bound: " + e.getMessage(), Duration.ZERO)
                        : new SendOutcome.Unknown("the bind failed while submitting: " + e.getMessage());
            } catch (RuntimeException e) {
                return k == 0 ? new SendOutcome.Unavailable("not submitted: " + e, Duration.ZERO) : new SendOutcome.Unknown(e.toString());
            }
        }
        return new SendOutcome.Accepted(externalId(SmppAnswers.canonicalId(lastId, config.msgIdType(), false)));
    }

    /**
     * An SMSC's ids are its own (often small numbers): two SMSCs can give the same one, so ours carry the
     * gateway's name, and a receipt can only ever find a message this gateway sent.
     */
    private String externalId(String smscId) {
        return name + ":" + smscId;
    }

    private static OptionalParameter[] sar(SmppParts.Part part) {
        return part.sar() ? new OptionalParameter[] {OptionalParameters.newSarMsgRefNum(part.reference()),
                OptionalParameters.newSarTotalSegments(part.total()), OptionalParameters.newSarSegmentSeqnum(part.seq())}
                : new OptionalParameter[0];
    }

    /** A sender's address with its type of number: E.164, a short code, or an alphanumeric id. */
    record Address(TypeOfNumber ton, NumberingPlanIndicator npi, String address) {
        static Address source(String from) {
            if (from.startsWith("+")) {
                return new Address(TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, from.substring(1));
            }
            if (from.chars().allMatch(Character::isDigit)) {
                return new Address(TypeOfNumber.NETWORK_SPECIFIC, NumberingPlanIndicator.UNKNOWN, from);
            }
            return new Address(TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, from);
        }
    }

    // ---- what comes in on the bind ----

    private final class Receiver implements MessageReceiverListener {

        @Override
        public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
            if (MessageType.SMSC_DEL_RECEIPT.containedIn(deliverSm.getEsmClass())) {
                receipt(deliverSm);
            } else {
                mo(deliverSm);
            }
        }

        @Override
        public void onAcceptAlertNotification(AlertNotification alertNotification) {
            // not used: we do not ask for alerts
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("data_sm is not taken", 0x66); // ESME_RX_R_APPN
        }
    }

    private void receipt(DeliverSm d) throws ProcessRequestException {
        String text = new String(d.getShortMessage() == null ? new byte[0] : d.getShortMessage(), StandardCharsets.ISO_8859_1);
        OptionalParameter.Receipted_message_id tlvId = d.getOptionalParameter(OptionalParameter.Receipted_message_id.class);
        OptionalParameter.Message_state tlvState = d.getOptionalParameter(OptionalParameter.Message_state.class);
        // the TLV carries the id as submit_sm_resp gave it; the text, in the SMSC's receipt format
        String id = tlvId != null ? externalId(SmppAnswers.canonicalId(tlvId.getValueAsString(), config.msgIdType(), false))
                : ReceiptText.field(text, "id") == null ? null
                : externalId(SmppAnswers.canonicalId(ReceiptText.field(text, "id"), config.msgIdType(), true));
        String stat = tlvState != null ? SmppAnswers.messageState(tlvState.getValue()) : ReceiptText.field(text, "stat");
        String state = SmppAnswers.receiptState(stat);
        if (id == null || state == null) {
            if (id == null) {
                LOG.warnf("SMPP gateway %s: a receipt without a message id was acknowledged and dropped", name);
            }
            return; // not final (ENROUTE, ACCEPTD): nothing to record
        }
        String err = ReceiptText.field(text, "err");
        String error = "delivered".equals(state) ? null : "SMPP receipt stat:" + stat + (err == null ? "" : " err:" + err);
        deliver(() -> events.receipts(name, List.of(new GatewayEvents.Receipt("", id, state, null, error))), "receipt");
    }

    private void mo(DeliverSm d) throws ProcessRequestException {
        String from = SmscNumbers.fromSmpp(d.getSourceAddr(), d.getSourceAddrTon());
        String to = SmscNumbers.fromSmpp(d.getDestAddress(), d.getDestAddrTon());
        byte[] body = d.getShortMessage() == null ? new byte[0] : d.getShortMessage();
        if (GSMSpecificFeature.UDHI.containedIn(d.getEsmClass()) && body.length > 0) {
            int udhl = body[0] & 0xFF;
            body = java.util.Arrays.copyOfRange(body, Math.min(body.length, udhl + 1), body.length);
        }
        if (body.length == 0) {
            OptionalParameter.OctetString payload = (OptionalParameter.OctetString) d.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
            if (payload != null) {
                body = payload.getValue();
            }
        }
        String text = decode(body, d.getDataCoding());
        String id = moId(from, to, body);
        deliver(() -> events.inbound(name, new GatewayEvents.Inbound(id, from, to, text, null)), "MO message from " + PhoneMask.mask(from));
    }

    private String decode(byte[] body, byte dataCoding) {
        int dcs = dataCoding & 0xFF;
        boolean ucs2 = dcs == 0x08 || ((dcs & 0xC0) == 0 && (dcs & 0x0C) == 0x08) || ((dcs & 0xF0) == 0xE0);
        if (ucs2) {
            return new String(body, StandardCharsets.UTF_16BE);
        }
        return switch (dcs) {
            case 0x00 -> config.defaultAlphabet() == SmppParts.DefaultAlphabet.GSM ? Gsm7.decode(body) : new String(body, StandardCharsets.ISO_8859_1);
            case 0x01 -> new String(body, StandardCharsets.US_ASCII);
            default -> new String(body, StandardCharsets.ISO_8859_1);
        };
    }

    /**
     * SMPP gives an MO no id. An SMSC delivers a deliver_sm again when our resp was lost; the same
     * sender, number, text and day make the same id, so that it is taken once (the same text sent twice
     * in a day is one too: for keywords, which is all an MO does here, that is the same).
     */
    private String moId(String from, String to, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((from + "|" + to + "|" + LocalDate.now(ZoneOffset.UTC) + "|").getBytes(StandardCharsets.UTF_8));
            sha.update(body);
            return "smpp-" + HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Hands what came in over and waits (on jsmpp's thread, not the event loop) until it is safe: only
     * then is deliver_sm answered ESME_ROK. One refused as bad (an ApiException: not E.164, too long) is
     * acknowledged and logged, since delivering it again would not make it good; any other failure
     * answers ESME_RX_T_APPN and the SMSC delivers it again later.
     */
    private void deliver(java.util.function.Supplier<Uni<?>> handOver, String what) throws ProcessRequestException {
        if (events == null) {
            throw new ProcessRequestException("not ready", SmppAnswers.ESME_RX_T_APPN);
        }
        try {
            VertxContextSupport.subscribeAndAwait(() -> Uni.createFrom().deferred(handOver).ifNoItem().after(config.responseTimeout()).fail());
        } catch (ApiException refused) {
            LOG.warnf("SMPP gateway %s: a %s was refused and acknowledged: %s", name, what, refused.problem().errors() == null
                    ? refused.getMessage() : refused.problem().errors());
        } catch (Throwable t) {
            LOG.warnf("SMPP gateway %s: a %s could not be taken now (%s); answered ESME_RX_T_APPN for the SMSC to try again", name, what, t);
            throw new ProcessRequestException("not taken now", SmppAnswers.ESME_RX_T_APPN);
        }
    }
}
