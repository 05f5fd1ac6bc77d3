package illusions.fetch;

/**
 * A real model the workbench can download by name.
 *
 * @param name        the name given to {@code ./jbang fetch-model} and to {@code --model}
 * @param url         where the checkpoint is published
 * @param sha256      its published SHA-256 (hex), or null when none is published (the computed one is
 *                    then printed and recorded in the converted model's model.json)
 * @param arch        the architecture the converter checks ("resnet50")
 * @param file        the checkpoint's file name
 * @param approxBytes its approximate size, for the user (0 when unknown)
 * @param description what it is: data set, training (robust or standard), source
 */
public record ModelSource(String name, String url, String sha256, String arch, String file, long approxBytes,
                          String description) {
    public ModelSource {
        if (name == null || !name.matches("[a-z0-9][a-z0-9._-]*")) throw new IllegalArgumentException("bad model name '" + name + "'");
        if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("bad sha256 for " + name);
    }
}
