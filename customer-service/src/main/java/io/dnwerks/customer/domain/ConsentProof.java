package io.dnwerks.customer.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Size;

/**
 * What a consent change can be proven with, as a regulator or a court would ask: where it was given
 * (a form's URL), from where (the requester's IP) and what the person was shown when they agreed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsentProof(
        @Size(max = 2000) String formUrl,
        @Size(max = 45) String ip,
        @Size(max = 4000) String textShown) {
}
