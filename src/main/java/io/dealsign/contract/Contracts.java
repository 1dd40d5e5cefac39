package io.dealsign.contract;

import io.dealsign.dottedsign.NewTask;
import io.dealsign.dottedsign.SignTask;
import io.dealsign.dottedsign.SignedFileRequest;
import io.dealsign.pipedrive.Deal;
import io.dealsign.pipedrive.DealFile;
import io.dealsign.pipedrive.DealNote;
import io.dealsign.pipedrive.DealUpdate;
import io.dealsign.pipedrive.NewFile;
import io.dealsign.pipedrive.NewNote;
import io.dealsign.pipedrive.Person;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contract as the flows see it: the task sent for a deal, the deal updates and notes each outcome
 * writes, and the signed files' names and archive. Flows call it as the bean {@code contracts}; it
 * holds the settings and makes no calls of its own.
 */
public class Contracts {

    /** Characters DottedSign refuses in a task's file name. */
    private static final String FORBIDDEN_IN_TASK_NAME = "\"*:<>?/\\|~#%&{}";
    private static final int MAX_TASK_NAME_LENGTH = 255;
    /** Preference when several tasks carry the deal's id: the live one first, then the newest. */
    private static final List<String> STATUS_PREFERENCE = List.of("waiting", "completed", "draft");
    private static final Set<String> OUTCOMES = Set.of("declined", "expired", "voided");

    private final Path archiveDirectory;
    private final Long wonStageId;
    private final Long wonPipelineId;
    private final Map<String, OutcomeAction> outcomeActions;

    public Contracts(Path archiveDirectory, Long wonStageId, Long wonPipelineId, Map<String, OutcomeAction> outcomeActions) {
        this.archiveDirectory = archiveDirectory;
        this.wonStageId = wonStageId;
        this.wonPipelineId = wonPipelineId;
        this.outcomeActions = Map.copyOf(outcomeActions);
    }

    public boolean lacksSignerEmail(Person person) {
        return person.signerEmail().isEmpty();
    }

    /** The task for a deal: its person signs, the name comes from sync.contract.file-name. */
    public NewTask newTask(Deal deal, Person person, String fileName) {
        String email = person.signerEmail().orElseThrow(() -> new IllegalArgumentException(
                "person " + person.id() + " has no e-mail address"));
        String name = person.name() == null || person.name().isBlank() ? email : person.name();
        return new NewTask(taskName(fileName, deal), name, email, deal.id());
    }

    /** DottedSign refuses some characters and a leading dot in a file name; they become spaces. */
    static String taskName(String fileName, Deal deal) {
        StringBuilder name = new StringBuilder();
        for (char c : (fileName == null ? "" : fileName).toCharArray()) {
            name.append(FORBIDDEN_IN_TASK_NAME.indexOf(c) >= 0 || Character.isISOControl(c) ? ' ' : c);
        }
        String cleaned = name.toString().replaceAll("\\s+", " ").trim().replaceFirst("^\\.+", "").trim();
        if (cleaned.isEmpty()) {
            cleaned = "Contract for deal " + deal.id();
        }
        return cleaned.length() <= MAX_TASK_NAME_LENGTH ? cleaned : cleaned.substring(0, MAX_TASK_NAME_LENGTH).trim();
    }

    /** Of the tasks carrying a deal's id, the one to bind to, or null when there are none. */
    public SignTask taskToKeep(List<SignTask> tasks) {
        if (tasks == null || tasks.isEmpty()) {
            return null;
        }
        Comparator<SignTask> byStatus = Comparator.comparingInt(task -> {
            int rank = STATUS_PREFERENCE.indexOf(task.status());
            return rank < 0 ? STATUS_PREFERENCE.size() : rank;
        });
        Comparator<SignTask> newestFirst = Comparator.comparing(SignTask::updatedAt,
                Comparator.nullsLast(Comparator.reverseOrder()));
        return tasks.stream().min(byStatus.thenComparing(newestFirst)).orElse(null);
    }

    public Long dealIdOf(SignTask task) {
        return task.dealId().orElse(null);
    }

    public NewNote missingSignerNote(long dealId, String reason) {
        return new NewNote(dealId, "<p><b>The contract was not sent for signature</b>: " + html(reason)
                + ".</p><p>Add a contact person with an e-mail address to this deal; the contract goes out on the next"
                + " attempt.</p>");
    }

    /**
     * Whether the deal already carries this note (added before a crash, or before Pipedrive's answer was
     * lost). Compared as plain text, so Pipedrive's sanitising of the HTML does not hide it.
     */
    public boolean hasNote(List<DealNote> notes, NewNote note) {
        String text = plainText(note.htmlContent());
        return notes != null && notes.stream().anyMatch(existing -> text.equals(plainText(existing.content())));
    }

    static String plainText(String html) {
        if (html == null) {
            return "";
        }
        return html.replaceAll("<[^>]*>", " ").replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&#39;", "'").replace("&#039;", "'").replace("&amp;", "&")
                .replaceAll("\\s+", " ").trim();
    }

    public DealUpdate wonUpdate(long dealId) {
        return new DealUpdate(dealId, "won", wonStageId, wonStageId == null ? null : wonPipelineId, null);
    }

    /** Whether the deal still has to be marked won (and moved to sync.won.stage-id): not yet as wonUpdate leaves it. */
    public boolean needsWonUpdate(Deal deal) {
        return !deal.isWon() || (wonStageId != null && !wonStageId.equals(deal.stageId()));
    }

    public DealUpdate lostUpdate(long dealId, String lostReason) {
        return new DealUpdate(dealId, "lost", null, null, lostReason);
    }

    public OutcomeAction outcomeAction(String outcome) {
        if (!OUTCOMES.contains(outcome)) {
            throw new IllegalArgumentException("no deal update is configured for task outcome '" + outcome + "'");
        }
        return outcomeActions.getOrDefault(outcome, new OutcomeAction(true, false, null));
    }

    public NewNote outcomeNote(long dealId, long taskId, String outcome) {
        String what = switch (outcome) {
            case "declined" -> "was declined by a signer";
            case "expired" -> "expired before everyone signed";
            case "voided" -> "was voided in DottedSign";
            default -> "ended: " + outcome;
        };
        return new NewNote(dealId, "<p><b>The contract " + what + "</b> (DottedSign task " + taskId + ").</p>");
    }

    /** The name a signed file gets in the archive and on the deal. */
    public String signedFileName(SignTask task, String fileType) {
        String base = task.fileName() == null || task.fileName().isBlank() ? "Contract " + task.taskId() : task.fileName();
        base = base.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", " ").trim();
        if (base.toLowerCase(java.util.Locale.ROOT).endsWith(".pdf")) {
            base = base.substring(0, base.length() - 4);
        }
        String suffix = switch (fileType) {
            case "completed" -> "signed";
            case "audit_trail" -> "audit trail";
            default -> fileType.replace('_', ' ');
        };
        return base + " (" + suffix + ").pdf";
    }

    public SignedFileRequest signedFileRequest(long taskId, String fileType) {
        return new SignedFileRequest(taskId, fileType);
    }

    /**
     * Writes the file under {@code <archive dir>/<deal id>/}, durably (flushed to disk, then renamed
     * into place, so a crash leaves either the whole file or none). Returns its path.
     */
    public String archive(long dealId, String fileName, byte[] pdf) {
        try {
            Path folder = Files.createDirectories(archiveDirectory.resolve(Long.toString(dealId)));
            Path target = folder.resolve(fileName);
            Path partial = folder.resolve(fileName + ".partial");
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(java.nio.ByteBuffer.wrap(pdf));
                channel.force(true);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot archive " + fileName + " of deal " + dealId + " under "
                    + archiveDirectory.toAbsolutePath() + " (sync.archive.dir)", e);
        }
    }

    /**
     * A file already on the deal under this name (attached before a crash), or null. The name can come
     * back altered (a comma in a deal's title arrives as a space after the multipart upload), so a file
     * whose name has the same letters and digits counts too.
     */
    public DealFile fileNamed(List<DealFile> files, String fileName) {
        if (files == null) {
            return null;
        }
        String key = nameKey(fileName);
        return files.stream().filter(f -> fileName.equals(f.name())).findFirst()
                .or(() -> files.stream().filter(f -> f.name() != null && key.equals(nameKey(f.name()))).findFirst())
                .orElse(null);
    }

    private static String nameKey(String name) {
        StringBuilder key = new StringBuilder();
        name.codePoints().filter(Character::isLetterOrDigit).map(Character::toLowerCase).forEach(key::appendCodePoint);
        return key.toString();
    }

    public NewFile newFile(long dealId, String fileName, byte[] pdf) {
        return new NewFile(dealId, fileName, pdf);
    }

    private static String html(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
