package io.channelpulse.config;

import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The {@code --config FILE} option every command shares, and its loading: the whole file is bound
 * and validated first, and an invalid file is a usage error (exit 2) whose message names the key.
 */
public final class ConfigFileOption {

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration (see README); keys it leaves out keep their defaults.")
    public Path file;

    /** Every section of the file, or the defaults without {@code --config}. */
    public ChannelPulseConfig loadAll(CommandLine cmd) {
        return loadAll(cmd, file);
    }

    public static ChannelPulseConfig loadAll(CommandLine cmd, Path file) {
        return orUsageError(cmd, () -> file == null ? ChannelPulseConfig.defaults() : ConfigLoader.loadAll(file));
    }

    public PulseConfig load(CommandLine cmd) {
        return loadAll(cmd).job();
    }

    /** The job's settings, with {@code kafka.bootstrap-servers} replaced when {@code bootstrapServers} is given. */
    public PulseConfig load(CommandLine cmd, String bootstrapServers) {
        return withBootstrapServers(load(cmd), bootstrapServers);
    }

    public static PulseConfig withBootstrapServers(PulseConfig config, String bootstrapServers) {
        return bootstrapServers == null ? config : config.withKafka(config.kafka().withBootstrapServers(bootstrapServers));
    }

    public static <T> T orUsageError(CommandLine cmd, Supplier<T> load) {
        try {
            return load.get();
        } catch (ConfigException e) {
            throw new CommandLine.ParameterException(cmd, "invalid configuration: " + e.getMessage());
        }
    }
}
