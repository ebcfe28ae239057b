package io.dnwerks.customer.rest;

import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.error.Problem;
import io.dnwerks.customer.service.CustomerFilter;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** The customer list's and the export's query parameters, one definition for both. */
public class CustomerQuery {

    @QueryParam("phone")
    public String phone;
    @QueryParam("email")
    public String email;
    @QueryParam("q")
    public String q;
    @QueryParam("tagId")
    public List<String> tagIds;
    @QueryParam("tagMatch")
    public String tagMatch;
    @QueryParam("smsConsent")
    public String smsConsent;
    @QueryParam("doNotContact")
    public String doNotContact;
    @QueryParam("source")
    public String source;
    @QueryParam("preferredLanguage")
    public String preferredLanguage;
    @QueryParam("timezone")
    public String timezone;
    @QueryParam("country")
    public String country;
    @QueryParam("createdFrom")
    public String createdFrom;
    @QueryParam("createdTo")
    public String createdTo;
    @QueryParam("sort")
    public String sort;
    @QueryParam("segmentId")
    public String segmentId;

    /** The filter, checked; a viewer looking someone up by phone or email is refused (403). */
    CustomerFilter filter(boolean personalData) {
        if (!personalData && (phone != null || email != null)) {
            // a masked answer would still confirm a guessed number or address
            throw new ApiException(Problem.of(Response.Status.FORBIDDEN, "forbidden", "viewers may not look customers up by phone or email"));
        }
        return CustomerFilter.parse(q, tagIds, tagMatch, smsConsent, doNotContact, source, preferredLanguage, timezone, country,
                createdFrom, createdTo, sort, phone, email, segmentId);
    }
}
