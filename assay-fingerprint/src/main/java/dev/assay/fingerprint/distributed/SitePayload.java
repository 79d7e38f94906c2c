package dev.assay.fingerprint.distributed;

import java.util.Objects;

/** What a site sends its coordinator: its name and its signature's bytes ({@code Signature#toBytes}), nothing else. */
public record SitePayload(String site, byte[] signature) {
    public SitePayload {
        Objects.requireNonNull(site, "site");
        signature = signature.clone();
    }

    /** The signature's bytes, a copy. */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SitePayload p && site.equals(p.site) && java.util.Arrays.equals(signature, p.signature);
    }

    @Override
    public int hashCode() {
        return 31 * site.hashCode() + java.util.Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "SitePayload[site=" + site + ", bytes=" + signature.length + "]";
    }
}
