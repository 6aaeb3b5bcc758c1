package dev.steward.cli;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.slf4j.LoggerFactory;

/**
 * Makes SIGTERM and SIGINT (Ctrl-C) an orderly exit with status 0 (the JVM's defaults are 143 and 130), which is
 * what service managers and orchestrators expect after a graceful stop. The handler calls {@code System.exit(0)},
 * which runs the shutdown hooks that drain and close Steward.
 *
 * <p>{@code sun.misc.Signal} is reached by reflection: it is the JDK's only signal API, and naming it in source makes
 * javac warn about an internal API, which the build treats as an error.
 */
final class TerminationSignal {

    private TerminationSignal() {}

    static void exitZeroOnStopSignals() {
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object handler = Proxy.newProxyInstance(
                    TerminationSignal.class.getClassLoader(), new Class<?>[] {handlerType}, (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            Thread.ofPlatform().name("stop-signal-exit").start(() -> System.exit(0));
                            return null;
                        }
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "stop signal handler";
                        };
                    });
            Method handle = signalType.getMethod("handle", signalType, handlerType);
            for (String name : new String[] {"TERM", "INT"}) {
                handle.invoke(null, signalType.getConstructor(String.class).newInstance(name), handler);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LoggerFactory.getLogger(TerminationSignal.class)
                    .atWarn()
                    .addKeyValue("event", "signal_handler_unavailable")
                    .log(
                            "SIGTERM still stops Steward gracefully, but the exit status will be 143 (130 for Ctrl-C): {}",
                            e.toString());
        }
    }
}
