package dev.steward.probe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A DNS server on loopback UDP answering from a fixed table: a name with records answers NOERROR with them, a name
 * listed as silent is never answered, and any other name is NXDOMAIN.
 */
final class DnsResponder implements AutoCloseable {

    private final DatagramSocket socket;
    private final Map<String, List<Record>> answers;
    private final List<String> silent;

    DnsResponder(Map<String, List<Record>> answers, List<String> silent) {
        this.answers = Map.copyOf(answers);
        this.silent = List.copyOf(silent);
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("dns-responder").start(this::serve);
    }

    /** {@code host:port} as a DNS monitor's {@code server} field names it. */
    String server() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                Record question = query.getQuestion();
                String name = question.getName().toString();
                if (silent.contains(name)) {
                    continue;
                }
                Message response = new Message(query.getHeader().getID());
                response.getHeader().setFlag(Flags.QR);
                response.getHeader().setFlag(Flags.AA);
                response.addRecord(question, Section.QUESTION);
                List<Record> records = answers.get(name);
                if (records == null) {
                    response.getHeader().setRcode(Rcode.NXDOMAIN);
                } else {
                    records.forEach(record -> response.addRecord(record, Section.ANSWER));
                }
                byte[] wire = response.toWire();
                socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (IOException closing) {
                return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
