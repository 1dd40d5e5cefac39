package io.dealsign.pipedrive;

/** Pipedrive answered 404 for a person. Not retried. */
public class PersonNotFound extends PipedriveApiException {

    private final long personId;

    public PersonNotFound(long personId, String error, String errorInfo) {
        super(404, error == null ? "person " + personId + " not found" : error + " (person " + personId + ")", errorInfo);
        this.personId = personId;
    }

    public long personId() {
        return personId;
    }
}
