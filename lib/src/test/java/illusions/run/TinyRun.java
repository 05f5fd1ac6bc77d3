package illusions.run;

import illusions.gpi.Gpi;
import illusions.gpi.GpiConfig;
import illusions.gpi.GpiResult;
import illusions.gpi.IncreaseConfidence;
import illusions.gpi.Projection;
import illusions.gpi.Sample;
import illusions.gpi.StepType;
import illusions.model.BlockType;
import illusions.model.ClassifierModel;
import illusions.model.InputNormalization;
import illusions.model.ModelCard;
import illusions.model.ResNetSpec;
import illusions.model.StateDict;
import illusions.stimuli.StimulusCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A script in miniature for the replay and sweep tests: GPI on a stimulus with a tiny random
 * ResNet built in memory (as GpiTest does), written to a run folder with config.json (including
 * the invocation), provenance.json and trajectory.csv, the way the real scripts write theirs.
 */
@Command(name = "tiny")
class TinyRun implements Callable<Integer> {
    static final int SIZE = 32;
    static final ResNetSpec SPEC = new ResNetSpec(List.of(1, 1, 1, 1), BlockType.BASIC, 4, 10, SIZE);
    private static ClassifierModel model;

    static synchronized ClassifierModel model() {
        if (model == null) {
            model = ClassifierModel.inMemory(SPEC, StateDict.random(SPEC, 3), ModelCard.of(SPEC, null, null, Map.of("source", "random test model")), 1);
        }
        return model;
    }

    @Option(names = "--stimulus") String stimulus = "kanizsa-square";
    @Option(names = "--steps") int steps = 3;
    @Option(names = "--seed") long seed = 0;
    @Option(names = "--seeds") int seeds = 2;
    @Option(names = "--eps") float eps = 0.1f;
    @Option(names = "--out", required = true) Path out;

    @Override
    public Integer call() throws Exception {
        GpiConfig cfg = new GpiConfig(new IncreaseConfidence(), steps, 0.5f, StepType.L2, Projection.LINF, eps, 0.01f,
                InputNormalization.NONE, List.of(0, steps), List.of());
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < seeds; i++) {
            samples.add(new Sample(stimulus, StimulusCatalog.create(stimulus, Map.of()).render(SIZE).image(), seed + i));
        }
        GpiResult r;
        synchronized (TinyRun.class) { // one model, shared by the test's threads
            r = new Gpi(model(), cfg).run(samples, null);
        }
        try (RunDirectory run = RunDirectory.at(out)) {
            Map<String, Object> c = new LinkedHashMap<>(cfg.toMap());
            c.put("script", "tiny");
            c.put("seeds", seeds);
            c.put("invocation", Scripts.invocation());
            run.writeJson("config.json", c);
            run.writeJson("provenance.json", Provenance.collect(null, "in-memory", "none", seed, 1, List.of("tiny")));
            run.writeCsv("trajectory.csv", GpiReport.trajectory(r, model().card()));
            run.commit();
        }
        return 0;
    }
}
