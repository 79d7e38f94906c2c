package dev.assay.core.config;

/** Where a configuration value came from; later sources win, see {@link AssayConfig}. */
public enum ConfigOrigin {
    /** The built-in default. */
    DEFAULT,
    /** The YAML configuration file. */
    FILE,
    /** An {@code ASSAY_*} environment variable. */
    ENVIRONMENT,
    /** An explicit override, such as a command-line flag. */
    OVERRIDE
}
