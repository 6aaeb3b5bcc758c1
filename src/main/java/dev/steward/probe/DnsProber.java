package dev.steward.probe;

import dev.steward.catalog.ProbeSpec;
import dev.steward.probe.condition.Facts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Sends one DNS query (UDP, retried over TCP when the answer is truncated) to the monitor's server or to the system's
 * first configured resolver. {@code [DNS_RCODE]} is the response code as DNS tools name it ({@code NOERROR},
 * {@code NXDOMAIN}, {@code SERVFAIL}, …) and {@code [BODY]} the data of the last answer record (the address of an A or
 * AAAA record, the target of a CNAME, MX or NS record, the record's text otherwise), as Gatus reports them.
 */
final class DnsProber implements Prober<ProbeSpec.Dns> {

    private static final int DEFAULT_PORT = 53;

    @Override
    public Observation probe(ProbeSpec.Dns spec, Duration timeout) {
        long start = System.nanoTime();
        Facts.Builder facts = Facts.builder().text("CONNECTED", "false");
        CompletableFuture<Message> exchange = null;
        try {
            Name name = Name.fromString(spec.name(), Name.root);
            int type = Type.value(spec.queryType());
            if (type < 0) {
                return failed(
                        facts, start, new Failure(ErrorCode.PROBE_ERROR, "unknown query type " + spec.queryType()));
            }
            Resolver resolver = resolver(spec);
            resolver.setTimeout(timeout);
            Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
            exchange = resolver.sendAsync(query).toCompletableFuture();
            Message response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return answered(spec, response, facts, start);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return failed(facts, start, Failure.timeout(timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(facts, start, Failure.timeout(timeout));
        } catch (TextParseException e) {
            return failed(facts, start, new Failure(ErrorCode.PROBE_ERROR, "not a DNS name: " + spec.name()));
        } catch (ExecutionException | IOException | RuntimeException e) {
            return failed(
                    facts, start, resolverFailure(e instanceof ExecutionException ? e.getCause() : e, spec, timeout));
        }
    }

    private Observation answered(ProbeSpec.Dns spec, Message response, Facts.Builder facts, long start) {
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        String rcode = Rcode.string(response.getRcode());
        List<InetAddress> addresses = new ArrayList<>();
        String body = "";
        for (Record answer : response.getSection(Section.ANSWER)) {
            body = data(answer);
            if (answer instanceof ARecord a) {
                addresses.add(a.getAddress());
            } else if (answer instanceof AAAARecord aaaa) {
                addresses.add(aaaa.getAddress());
            }
        }
        facts.text("CONNECTED", "true")
                .text("DNS_RCODE", rcode)
                .text("BODY", body)
                .text("RESPONSE_TIME", String.valueOf(latency.toMillis()));
        if (!addresses.isEmpty()) {
            facts.text("IP", addresses.getLast().getHostAddress());
        }
        if (response.getRcode() != Rcode.NOERROR) {
            return Observation.failed(
                    latency, facts.build(), new Failure(ErrorCode.DNS_FAILED, rcode + " for " + spec.name()));
        }
        String answers = addresses.isEmpty()
                ? body
                : String.join(
                        ", ",
                        addresses.stream().map(InetAddress::getHostAddress).toList());
        List<String> missing = missing(spec.expectedAddresses(), addresses);
        if (!missing.isEmpty()) {
            return Observation.failed(
                    latency,
                    facts.build(),
                    new Failure(
                            ErrorCode.CONDITION_FAILED,
                            "expected " + String.join(", ", missing) + " among the answers ("
                                    + (answers.isEmpty() ? "none" : answers) + ")"));
        }
        return Observation.answered(latency, facts.build(), rcode + (answers.isEmpty() ? "" : " " + answers));
    }

    /** The expected addresses that are not among the answers, compared as addresses (so ::1 equals 0:0:0:0:0:0:0:1). */
    private static List<String> missing(List<String> expected, List<InetAddress> answers) {
        List<String> missing = new ArrayList<>();
        for (String address : expected) {
            boolean found;
            try {
                found = answers.contains(InetAddress.getByName(address));
            } catch (UnknownHostException notAnAddress) {
                found = false;
            }
            if (!found) {
                missing.add(address);
            }
        }
        return missing;
    }

    private static String data(Record answer) {
        return switch (answer) {
            case ARecord a -> a.getAddress().getHostAddress();
            case AAAARecord aaaa -> aaaa.getAddress().getHostAddress();
            case CNAMERecord cname -> cname.getTarget().toString();
            case MXRecord mx -> mx.getTarget().toString();
            case NSRecord ns -> ns.getTarget().toString();
            default -> answer.rdataToString();
        };
    }

    private static Resolver resolver(ProbeSpec.Dns spec) throws UnknownHostException {
        if (spec.server().isEmpty()) {
            return new ExtendedResolver();
        }
        String server = spec.server().get();
        String host = server;
        int port = DEFAULT_PORT;
        if (server.startsWith("[")) {
            int close = server.indexOf(']');
            host = server.substring(1, close);
            if (server.length() > close + 2 && server.charAt(close + 1) == ':') {
                port = Integer.parseInt(server.substring(close + 2));
            }
        } else if (server.indexOf(':') > 0 && server.indexOf(':') == server.lastIndexOf(':')) {
            host = server.substring(0, server.indexOf(':'));
            port = Integer.parseInt(server.substring(server.indexOf(':') + 1));
        }
        return new SimpleResolver(new InetSocketAddress(InetAddress.getByName(host), port));
    }

    private static Failure resolverFailure(Throwable e, ProbeSpec.Dns spec, Duration timeout) {
        Failure failure = Failure.of(e, timeout, spec.server().orElse("(system resolver)"));
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (failure.code() == ErrorCode.TIMEOUT || message.contains("timed out")) {
            return Failure.timeout(timeout);
        }
        if (failure.code() == ErrorCode.UNKNOWN_HOST || failure.code() == ErrorCode.PROBE_ERROR) {
            return failure;
        }
        return new Failure(ErrorCode.DNS_FAILED, "the DNS query failed: " + failure.message());
    }

    private static Observation failed(Facts.Builder facts, long start, Failure failure) {
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        facts.text("RESPONSE_TIME", String.valueOf(latency.toMillis()));
        return Observation.failed(latency, facts.build(), failure);
    }
}
