package io.dealsign.demo;

import java.util.ArrayList;
import java.util.List;

/** Where the story's deals stand at its end, as a table for the console. */
record DemoSummary(List<Row> rows) {

    static final List<String> HEADINGS = List.of("Deal", "Title", "Task", "Task status", "Deal status", "Files", "Notes");
    private static final String NONE = "-";

    /**
     * One deal: its task and statuses as Pipedrive and DottedSign hold them, how many files are
     * attached to it, and its notes.
     */
    record Row(long dealId, String title, Long taskId, String taskStatus, String dealStatus, int files, List<String> notes) {

        List<String> cells() {
            return List.of(String.valueOf(dealId), title, taskId == null ? NONE : String.valueOf(taskId),
                    taskStatus == null ? NONE : taskStatus, dealStatus, String.valueOf(files), String.valueOf(notes.size()));
        }
    }

    /** The table, columns separated by {@code |}, then each deal's notes as plain text. */
    String render() {
        List<List<String>> lines = new ArrayList<>();
        lines.add(HEADINGS);
        rows.forEach(row -> lines.add(row.cells()));
        int[] widths = new int[HEADINGS.size()];
        for (List<String> line : lines) {
            for (int column = 0; column < widths.length; column++) {
                widths[column] = Math.max(widths[column], line.get(column).length());
            }
        }
        StringBuilder table = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            table.append(line(lines.get(i), widths)).append('\n');
            if (i == 0) {
                table.append(rule(widths)).append('\n');
            }
        }
        for (Row row : rows) {
            for (String note : row.notes()) {
                table.append("Note on deal ").append(row.dealId()).append(": ").append(plainText(note)).append('\n');
            }
        }
        return table.toString();
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < widths.length; column++) {
            line.append(column == 0 ? "| " : " | ").append(String.format("%-" + widths[column] + "s", cells.get(column)));
        }
        return line.append(" |").toString();
    }

    private static String rule(int[] widths) {
        StringBuilder rule = new StringBuilder();
        for (int width : widths) {
            rule.append("|").append("-".repeat(width + 2));
        }
        return rule.append("|").toString();
    }

    /** Notes are HTML; the console shows their text. */
    static String plainText(String html) {
        return html.replaceAll("</p>|<br\\s*/?>", " ").replaceAll("<[^>]*>", "").replaceAll("\\s+", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&#39;", "'").strip();
    }
}
