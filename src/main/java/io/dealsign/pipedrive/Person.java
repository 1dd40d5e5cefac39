package io.dealsign.pipedrive;

import java.util.List;
import java.util.Optional;

/** A Pipedrive person (the signer), with the e-mail addresses Pipedrive knows, possibly none. */
public record Person(long id, String name, List<Email> emails) {

    /** One e-mail address of a person; {@code label} is Pipedrive's "work", "home", ... or null. */
    public record Email(String value, boolean primary, String label) {
    }

    public Person {
        emails = emails == null ? List.of() : List.copyOf(emails);
    }

    /** The address to send a contract to: the primary one, else the first that is not empty. */
    public Optional<String> signerEmail() {
        return emails.stream().filter(e -> e.primary() && hasText(e.value())).map(Email::value).findFirst()
                .or(() -> emails.stream().map(Email::value).filter(Person::hasText).findFirst())
                .map(String::trim);
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
