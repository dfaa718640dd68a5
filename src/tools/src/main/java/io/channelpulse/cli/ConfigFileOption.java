package io.channelpulse.cli;

import io.channelpulse.config.ConfigException;
import io.channelpulse.config.ConfigLoader;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.gateway.delivery.DeliveryConfigLoader;
import io.channelpulse.gateway.delivery.DeliverySettings;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The {@code --config FILE} option every command shares, and its loading: an invalid file is a
 * usage error (exit 2) whose message names the key.
 */
final class ConfigFileOption {

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration (see README); keys it leaves out keep their defaults.")
    Path file;

    PulseConfig load(CommandLine cmd) {
        return orUsageError(cmd, () -> file == null ? PulseConfig.defaults() : ConfigLoader.load(file));
    }

    /** The same, with {@code kafka.bootstrap-servers} replaced when {@code bootstrapServers} is given. */
    PulseConfig load(CommandLine cmd, String bootstrapServers) {
        PulseConfig config = load(cmd);
        return bootstrapServers == null ? config : config.withKafka(config.kafka().withBootstrapServers(bootstrapServers));
    }

    DeliverySettings delivery(CommandLine cmd) {
        return orUsageError(cmd, () -> file == null ? DeliverySettings.none() : DeliveryConfigLoader.load(file));
    }

    static <T> T orUsageError(CommandLine cmd, Supplier<T> load) {
        try {
            return load.get();
        } catch (ConfigException e) {
            throw new CommandLine.ParameterException(cmd, "invalid configuration: " + e.getMessage());
        }
    }
}
