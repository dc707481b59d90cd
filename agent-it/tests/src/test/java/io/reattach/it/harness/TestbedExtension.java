package io.reattach.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Gives each test a {@link Testbed} parameter; stops its applications after the test, kills the class's broker after
 * the class, and prints the applications' and the broker's log tails when a test fails.
 */
public final class TestbedExtension
        implements BeforeAllCallback, ParameterResolver, AfterEachCallback, TestExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(TestbedExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Path dir = Layout.target().resolve("it").resolve(context.getRequiredTestClass().getSimpleName());
        deleteRecursively(dir);
        Testbed.BrokerHolder holder = new Testbed.BrokerHolder(dir);
        context.getStore(NS).put("broker", (ExtensionContext.Store.CloseableResource) holder::close);
        context.getStore(NS).put("holder", holder);
        context.getStore(NS).put("dir", dir);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Testbed.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        return context.getStore(NS).getOrComputeIfAbsent("testbed", k -> {
            ExtensionContext classContext = classContext(context);
            Testbed.BrokerHolder holder = classContext.getStore(NS).get("holder", Testbed.BrokerHolder.class);
            Path classDir = classContext.getStore(NS).get("dir", Path.class);
            String name = context.getRequiredTestMethod().getName() + "-"
                    + context.getDisplayName().replaceAll("[^A-Za-z0-9.-]+", "_");
            Path dir = classDir.resolve(name);
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Testbed(holder, dir, name);
        }, Testbed.class);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        Testbed testbed = context.getStore(NS).get("testbed", Testbed.class);
        if (testbed != null) {
            System.err.println("### " + context.getRequiredTestClass().getSimpleName() + "."
                    + context.getRequiredTestMethod().getName() + " " + context.getDisplayName() + " failed: "
                    + throwable + System.lineSeparator() + "### logs in " + testbed.dir() + testbed.report());
        }
        throw throwable;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Testbed testbed = context.getStore(NS).remove("testbed", Testbed.class);
        if (testbed != null) {
            testbed.close();
        }
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
