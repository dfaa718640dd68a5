package io.channelpulse.gateway;

import java.io.Console;
import java.util.concurrent.Callable;
import org.springframework.security.crypto.bcrypt.BCrypt;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gateway hash-password}: make a bcrypt hash for a panel user's {@code password-hash}. */
@Command(
        name = "hash-password",
        mixinStandardHelpOptions = true,
        description = {
            "Read a password (from the console without echo, or one line of standard input) and print its",
            "bcrypt hash for panel.users[].password-hash. The password never appears on the command line."
        })
public final class HashPasswordCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--cost", defaultValue = "12", description = "bcrypt cost factor, 10 to 16 (default: ${DEFAULT-VALUE}).")
    int cost;

    @Override
    public Integer call() throws Exception {
        if (cost < 10 || cost > 16) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--cost must be between 10 and 16, got " + cost);
        }
        String password;
        Console console = System.console();
        if (console != null) {
            char[] chars = console.readPassword("Password: ");
            password = chars == null ? "" : new String(chars);
        } else {
            password = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)).readLine();
        }
        if (password == null || password.length() < 8) {
            throw new CommandLine.ParameterException(spec.commandLine(), "password: must be at least 8 characters");
        }
        spec.commandLine().getOut().println(BCrypt.hashpw(password, BCrypt.gensalt(cost)));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
