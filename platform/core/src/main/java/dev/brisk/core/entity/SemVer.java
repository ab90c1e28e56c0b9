package dev.brisk.core.entity;

/** Entity version major.minor.patch; updates bump the patch number (WhiskEntity.scala). */
public record SemVer(int major, int minor, int patch) {
    public static final SemVer INITIAL = new SemVer(0, 0, 1);

    public static SemVer parse(String text) {
        String[] parts = text.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("bad version " + text);
        }
        return new SemVer(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    }

    public SemVer upPatch() {
        return new SemVer(major, minor, patch + 1);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
