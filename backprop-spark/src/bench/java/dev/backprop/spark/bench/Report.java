package dev.backprop.spark.bench;

import dev.backprop.io.AtomicFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The benchmark's Markdown: headings, lines and tables, printed as they come and written at the end. */
final class Report {
    private final StringBuilder text = new StringBuilder();

    /** @param line a line of Markdown, printed and kept */
    void line(String line) {
        System.out.println(line);
        text.append(line).append('\n');
    }

    /**
     * @param header the column names
     * @param rows the cells, one array per row
     */
    void table(String[] header, List<String[]> rows) {
        line("");
        line("| " + String.join(" | ", header) + " |");
        line("|" + "---|".repeat(header.length));
        for (String[] r : rows) {
            line("| " + String.join(" | ", r) + " |");
        }
        line("");
    }

    /**
     * Writes the report whole or not at all.
     *
     * @param file the target
     * @throws IOException if it cannot be written
     */
    void write(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFile.write(file, ch -> {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        });
    }

    /**
     * @param format a {@link String#format} pattern
     * @param args its arguments
     * @return the text, with a locale-independent decimal point
     */
    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
