package io.dealsign.simulator.dottedsign;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The smallest honest PDF: one A4 page of Helvetica text lines, uncompressed, with a correct
 * cross-reference table, so any PDF reader opens it and a test can find the text in the raw bytes.
 */
final class PdfDocument {

    private PdfDocument() {
    }

    static byte[] withLines(List<String> lines) {
        StringBuilder content = new StringBuilder("BT\n/F1 12 Tf\n14 TL\n72 770 Td\n");
        for (String line : lines) {
            content.append('(').append(escape(line)).append(") Tj T*\n");
        }
        content.append("ET\n");
        byte[] stream = content.toString().getBytes(StandardCharsets.US_ASCII);

        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
                "<< /Length " + stream.length + " >>\nstream\n" + new String(stream, StandardCharsets.US_ASCII) + "endstream");

        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        write(pdf, "%PDF-1.4\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(pdf.size());
            write(pdf, (i + 1) + " 0 obj\n" + objects.get(i) + "\nendobj\n");
        }
        int xrefOffset = pdf.size();
        // Each cross-reference entry is exactly 20 bytes: 10-digit offset, 5-digit generation, type, space, LF.
        StringBuilder xref = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
        offsets.forEach(offset -> xref.append(String.format("%010d 00000 n \n", offset)));
        write(pdf, xref + "trailer\n<< /Size " + (objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" + xrefOffset + "\n%%EOF\n");
        return pdf.toByteArray();
    }

    /** PDF string literals need \, ( and ) escaped; anything outside printable ASCII becomes '?'. */
    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '\\' || c == '(' || c == ')') {
                escaped.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                escaped.append(c);
            } else {
                escaped.append('?');
            }
        }
        return escaped.toString();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }
}
