package io.dnwerks.customer;

import io.dnwerks.common.error.ProblemMappers;
import io.dnwerks.common.event.Topics;
import io.dnwerks.common.logging.PhoneMask;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.Tokens;
import io.dnwerks.testing.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.ws.rs.core.UriInfo;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Phone numbers never reach a log whole: a duplicate phone, a consumer that dead-letters a record
 * holding one, and a 500 whose exception names one are forced, and everything the service logged
 * (target/quarkus-test.log, written through the same filter as the console) is scanned.
 */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "customer"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class LogScanTest {

    private static final Path LOG = Path.of("target", "quarkus-test.log");

    @Test
    void noPhoneNumberIsLoggedWholeWhateverFails() throws Exception {
        String duplicate = CustomerApiTest.phone();
        CustomerApiTest.create(duplicate, "");
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"firstName\":\"Twin\",\"phone\":\"" + duplicate + "\"}").post("/api/v1/customers").then().statusCode(409);

        // a consumer failure: a launch whose body does not fit, holding a phone number where a field is expected
        String inPoison = CustomerApiTest.phone();
        UUID campaign = UUID.randomUUID();
        String poison = "{\"campaignId\":\"" + campaign + "\",\"audience\":\"" + inPoison + "\",\"launchedAt\":\"" + inPoison + "\"}";
        UUID poisonId = UUID.randomUUID();
        try (TopicProbe dlq = TopicProbe.tail(Topics.dlq(Topics.CAMPAIGN_EVENTS))) {
            TopicProbe.send(Topics.CAMPAIGN_EVENTS, campaign.toString(), poison.getBytes(StandardCharsets.UTF_8), Map.of(
                    "ce_specversion", "1.0", "ce_id", poisonId.toString(), "ce_type", "dnwerks.campaign.CampaignLaunched.v1",
                    "ce_source", "/campaign-service", "ce_time", Instant.now().toString()));
            assertEquals(1, dlq.await(r -> poisonId.toString().equals(TopicProbe.header(r, "ce_id")), 1, Duration.ofSeconds(30)).size(),
                    "the consumer gave the record up");
        }

        // a 500: the unexpected-failure path logs the exception, here one whose message names a phone
        String inFailure = CustomerApiTest.phone();
        new ProblemMappers().unexpected(new IllegalStateException("cannot reach " + inFailure,
                new RuntimeException("Key (phone)=(" + inFailure + ") is taken")), uriInfo());

        List<String> phones = List.of(duplicate, inPoison, inFailure);
        // the masked forms show the lines were written; the whole numbers must be nowhere
        await().atMost(Duration.ofSeconds(30)).until(() -> logged().contains(PhoneMask.mask(inPoison))
                && logged().contains(PhoneMask.mask(inFailure)));
        String log = logged();
        for (String phone : phones) {
            assertFalse(log.contains(phone), "logged whole: " + PhoneMask.mask(phone));
            assertFalse(log.contains(phone.substring(1)), "logged whole without its plus: " + PhoneMask.mask(phone));
        }
    }

    private static String logged() throws Exception {
        return Files.exists(LOG) ? Files.readString(LOG) : "";
    }

    private static UriInfo uriInfo() {
        return (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, args) -> "getPath".equals(method.getName()) ? "/api/v1/customers" : null);
    }
}
