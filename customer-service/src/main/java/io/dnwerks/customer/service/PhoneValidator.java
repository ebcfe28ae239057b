package io.dnwerks.customer.service;

import io.dnwerks.customer.domain.PhoneNumbers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link ValidPhone}: the number read as {@link CustomerService} will store it. */
@ApplicationScoped
public class PhoneValidator implements ConstraintValidator<ValidPhone, CustomerData> {

    // looked up when a number is checked: the validator is built with the validator factory, before
    // the configuration mappings exist
    private final Instance<CustomersConfig> config;

    public PhoneValidator(Instance<CustomersConfig> config) {
        this.config = config;
    }

    @Override
    public boolean isValid(CustomerData d, ConstraintValidatorContext context) {
        if (d == null || d.phone() == null || d.phone().isBlank()) {
            return true; // @NotBlank says so
        }
        if (d.region() != null && !d.region().matches("^[A-Za-z]{2}$")) {
            return true; // its @Pattern says so
        }
        try {
            PhoneNumbers.normalize(d.phone(), region(d));
            return true;
        } catch (PhoneNumbers.InvalidPhoneException e) {
            boolean regionUnknown = d.region() != null && !PhoneNumbers.knownRegion(d.region());
            context.disableDefaultConstraintViolation();
            // the reason is our own text, but a template all the same: braces and dollars would be read
            context.buildConstraintViolationWithTemplate(e.getMessage().replaceAll("[{}$\\\\]", ""))
                    .addPropertyNode(regionUnknown ? "region" : "phone").addConstraintViolation();
            return false;
        }
    }

    /** The region a national number is read in: the customer's, else the configured default. */
    String region(CustomerData d) {
        return d.region() != null ? d.region() : config.get().defaultRegion().orElse(null);
    }
}
