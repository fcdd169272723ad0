package io.dataworkspace.proxy.forward;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Sends bytes exactly as written over a plain socket and reads everything until the server closes. */
final class RawHttp {

    /** What came back: the whole byte stream and whether the server closed the connection. */
    record Exchange(String text, boolean closedByServer) {
        int firstStatus() {
            if (!text.startsWith("HTTP/1.1 ") && !text.startsWith("HTTP/1.0 ")) {
                throw new AssertionError("not an HTTP response: " + text);
            }
            return Integer.parseInt(text.substring(9, 12));
        }

        int responseCount() {
            int n = 0;
            for (int i = text.indexOf("HTTP/1."); i >= 0; i = text.indexOf("HTTP/1.", i + 1)) {
                n++;
            }
            return n;
        }
    }

    private RawHttp() {
    }

    static Exchange send(int port, String request) throws IOException {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    static Exchange send(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(3000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            boolean closed = false;
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                }
                closed = true;
            } catch (SocketTimeoutException e) {
                // server kept the connection open
            } catch (IOException e) {
                closed = true; // reset by the server after answering
            }
            return new Exchange(out.toString(StandardCharsets.ISO_8859_1), closed);
        }
    }
}
