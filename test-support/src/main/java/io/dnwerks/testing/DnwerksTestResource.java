package io.dnwerks.testing;

import io.dnwerks.localstack.DevTokens;
import io.dnwerks.localstack.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Points a service under test at the real PostgreSQL and Kafka of {@link TestInfrastructure}, as
 * its own login role ({@code <service>_service}), and at the local JWT key, on a free HTTP port. Declare it with
 * {@code @WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "customer"))}.
 */
public class DnwerksTestResource implements QuarkusTestResourceLifecycleManager {

    private String service;

    @Override
    public void init(Map<String, String> initArgs) {
        service = initArgs.get("service");
        if (service == null) {
            throw new IllegalArgumentException("DnwerksTestResource needs the init arg 'service' (customer, campaign, delivery, audit)");
        }
    }

    @Override
    public Map<String, String> start() {
        TestInfrastructure infra = TestInfrastructure.get();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", infra.jdbcUrl());
        config.put("quarkus.datasource.reactive.url", infra.reactiveUrl());
        config.put("quarkus.datasource.username", service + "_service");
        config.put("quarkus.datasource.password", "");
        config.put("kafka.bootstrap.servers", infra.bootstrapServers());
        config.put("mp.jwt.verify.publickey.location", infra.keys().publicKeyFile().toUri().toString());
        config.put("mp.jwt.verify.issuer", DevTokens.ISSUER);
        // a free port rather than Quarkus' fixed 8081, so that the tests run beside ./dnwerks up; a
        // number rather than 0, because delivery tells the gateway its receipt URL from this setting
        config.put("quarkus.http.test-port", String.valueOf(Ports.free()));
        return config;
    }

    @Override
    public void stop() {
        // the infrastructure lives as long as the JVM, shared by every test class
    }
}
