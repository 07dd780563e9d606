package org.dlmwatch.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/** Writes small tar.gz archives for tests: ustar headers, optional GNU long-name and pax path entries. */
final class TarGz {

    private final ByteArrayOutputStream tar = new ByteArrayOutputStream();
    private final Path file;

    TarGz(Path file) {
        this.file = file;
    }

    TarGz dir(String name) {
        entry(name, '5', new byte[0], null);
        return this;
    }

    TarGz file(String name, String content) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        if (name.length() > 100) {
            int cut = name.lastIndexOf('/', 154);
            entry(name.substring(cut + 1), '0', data, name.substring(0, cut));
        } else {
            entry(name, '0', data, null);
        }
        return this;
    }

    TarGz gnuLongNameFile(String name, String content) {
        entry("././@LongLink", 'L', (name + "\0").getBytes(StandardCharsets.UTF_8), null);
        entry(name.substring(0, 99), '0', content.getBytes(StandardCharsets.UTF_8), null);
        return this;
    }

    TarGz paxPathFile(String name, String content) {
        // a pax record is "<length> path=<name>\n", where <length> counts the whole record, itself included
        String body = " path=" + name + "\n";
        int digits = 1;
        while (String.valueOf(digits + body.length()).length() != digits) {
            digits++;
        }
        String record = (digits + body.length()) + body;
        entry("PaxHeaders/x", 'x', record.getBytes(StandardCharsets.UTF_8), null);
        entry("ignored-short-name", '0', content.getBytes(StandardCharsets.UTF_8), null);
        return this;
    }

    TarGz symlink(String name) {
        entry(name, '2', new byte[0], null);
        return this;
    }

    private void entry(String name, char type, byte[] data, String prefix) {
        byte[] h = new byte[512];
        put(h, 0, 100, name);
        put(h, 100, 8, "0000644");
        put(h, 108, 8, "0000000");
        put(h, 116, 8, "0000000");
        put(h, 124, 12, String.format("%011o", data.length));
        put(h, 136, 12, String.format("%011o", 0));
        h[156] = (byte) type;
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        if (prefix != null) {
            put(h, 345, 155, prefix);
        }
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, 8, String.format("%06o", sum) + "\0 ");
        tar.writeBytes(h);
        tar.writeBytes(data);
        int pad = (512 - data.length % 512) % 512;
        tar.writeBytes(new byte[pad]);
    }

    private static void put(byte[] h, int off, int len, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > len) {
            throw new IllegalArgumentException("too long for tar header field: " + s);
        }
        System.arraycopy(b, 0, h, off, b.length);
    }

    /** Writes the archive and, if {@code withSha1}, a Maven-style {@code .sha1} file next to it. */
    Path write(boolean withSha1) throws IOException {
        tar.writeBytes(new byte[1024]);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            tar.writeTo(out);
        }
        if (withSha1) {
            Files.writeString(file.resolveSibling(file.getFileName() + ".sha1"), sha1(file));
        }
        return file;
    }

    static String sha1(Path f) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(f)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
