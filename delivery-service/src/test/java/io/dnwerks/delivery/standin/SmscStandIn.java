package io.dnwerks.delivery.standin;

import io.dnwerks.delivery.domain.Gsm7;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.MessageId;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMSC for what jsmpp's simulator cannot do: MO messages on demand, ESME_RTHROTTLED, receipts that
 * carry the SMPP 3.4 TLVs (receipted_message_id, message_state) and upper-case hex ids. Built on jsmpp's
 * server side (the protocol's PDUs, binds and responses are jsmpp's, not ours); its behaviour follows
 * SMPP 3.4: submit_sm_resp with a message id, then a deliver_sm receipt (esm_class 0x04) when
 * registered_delivery asks for one; a refused submit_sm answers a command_status and nothing else.
 */
public final class SmscStandIn implements AutoCloseable {

    /** A submit_sm as it arrived. */
    public record Submit(String id, String source, String destination, byte esmClass, byte dataCoding, byte[] shortMessage, long atMs) {

        public boolean udhi() {
            return (esmClass & 0x40) != 0;
        }

        /** The UDH (empty without UDHI). */
        public byte[] udh() {
            return udhi() ? Arrays.copyOf(shortMessage, (shortMessage[0] & 0xFF) + 1) : new byte[0];
        }

        public String text() {
            byte[] body = Arrays.copyOfRange(shortMessage, udh().length, shortMessage.length);
            return dataCoding == 0x08 ? new String(body, StandardCharsets.UTF_16BE) : Gsm7.decode(body);
        }
    }

    private final SMPPServerSessionListener listener;
    private final String systemId;
    private final String password;
    private final List<Submit> submits = new CopyOnWriteArrayList<>();
    private final AtomicInteger throttleNext = new AtomicInteger();
    private final AtomicInteger binds = new AtomicInteger();
    private final ScheduledExecutorService receipts = Executors.newScheduledThreadPool(2);
    private final Random random = new Random();
    private volatile SMPPServerSession session;

    public SmscStandIn(String systemId, String password) throws Exception {
        this.systemId = systemId;
        this.password = password;
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        this.listener = new SMPPServerSessionListener(port);
        listener.setMessageReceiverListener(new Handler());
        Thread accept = new Thread(this::acceptLoop, "smsc-standin-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return listener.getPort();
    }

    public List<Submit> submits() {
        return List.copyOf(submits);
    }

    public List<Submit> submitsTo(String phone) {
        String digits = phone.replace("+", "");
        return submits.stream().filter(s -> s.destination().equals(digits)).toList();
    }

    public int binds() {
        return binds.get();
    }

    /** The next n submit_sm are answered ESME_RTHROTTLED (0x58). */
    public void throttleNext(int n) {
        throttleNext.set(n);
    }

    /**
     * A phone texts {@code to}: a deliver_sm (TON international, GSM 03.38 or UCS-2) on the bound session.
     * Answers the command_status of our deliver_sm_resp (0: taken).
     */
    public int mo(String from, String to, String text) throws Exception {
        boolean gsm = text.chars().allMatch(c -> Gsm7.septets((char) c) != null);
        try {
            session.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, from.replace("+", ""),
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, to.replace("+", ""), new ESMClass(), (byte) 0, (byte) 0,
                    new RegisteredDelivery(0), gsm ? DataCodings.ZERO : DataCodings.newInstance((byte) 0x08),
                    gsm ? Gsm7.encode(text) : text.getBytes(StandardCharsets.UTF_16BE));
            return 0;
        } catch (NegativeResponseException e) {
            return e.getCommandStatus();
        }
    }

    private void acceptLoop() {
        while (true) {
            try {
                SMPPServerSession s = listener.accept();
                BindRequest bind = s.waitForBind(5000);
                if (!systemId.equals(bind.getSystemId()) || !password.equals(bind.getPassword())) {
                    bind.reject(0x0E); // ESME_RINVPASWD
                    continue;
                }
                bind.accept("standin");
                binds.incrementAndGet();
                session = s;
            } catch (Exception e) {
                if (e instanceof java.io.IOException) {
                    return; // closed
                }
            }
        }
    }

    private void receipt(SMPPServerSession s, Submit submit) {
        String text = "id:" + submit.id() + " sub:001 dlvrd:001 submit date:2612021200 done date:2612021200 stat:DELIVRD err:000 text:";
        try {
            s.deliverShortMessage("mc", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, submit.destination(),
                    TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, submit.source(),
                    new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT), (byte) 0, (byte) 0,
                    new RegisteredDelivery(0), DataCodings.ZERO, text.getBytes(StandardCharsets.US_ASCII),
                    new OptionalParameter.Receipted_message_id(submit.id()), new OptionalParameter.Message_state((byte) 2));
        } catch (Exception e) {
            // a receipt the ESME does not take is lost here (a real SMSC would retry it)
        }
    }

    private final class Handler implements ServerMessageReceiverListener {

        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source) throws ProcessRequestException {
            if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new ProcessRequestException("throttled", 0x58);
            }
            String id;
            synchronized (random) {
                id = HexFormat.of().withUpperCase().toHexDigits(random.nextInt(Integer.MAX_VALUE));
            }
            Submit submit = new Submit(id, submitSm.getSourceAddr(), submitSm.getDestAddress(), submitSm.getEsmClass(),
                    submitSm.getDataCoding(), submitSm.getShortMessage(), System.currentTimeMillis());
            submits.add(submit);
            if ((submitSm.getRegisteredDelivery() & 0x03) != 0) {
                receipts.schedule(() -> receipt(source, submit), 200, TimeUnit.MILLISECONDS);
            }
            try {
                return new SubmitSmResult(new MessageId(id), new OptionalParameter[0]);
            } catch (org.jsmpp.PDUStringException e) {
                throw new ProcessRequestException("bad id", 0x08);
            }
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }
    }

    @Override
    public void close() throws Exception {
        receipts.shutdownNow();
        SMPPServerSession s = session;
        if (s != null) {
            s.unbindAndClose();
        }
        listener.close();
    }
}
