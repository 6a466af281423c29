using System.Globalization;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;

namespace Planner.CostModel.Uncertainty;

/// <summary>
/// Monte Carlo simulation of a scenario whose inputs carry distributions (docs/methodology.md, "Monte Carlo";
/// docs/decisions/004-monte-carlo.md). Each trial draws every uncertain input by its inverse CDF from uniforms of a
/// counter-based generator (draw number = trial × inputs + input), correlates them with a Gaussian copula, clamps each
/// value to its field's allowed range, sets all of a trial's values in place in the worker's own clone of the scenario
/// (<see cref="InPlaceScenario"/>: no copy per trial), and takes the options' present values from the cost engine's fast
/// path (a workspace per worker that recomputes discount, growth and price factors only when a drawn input changes them;
/// the formulas are the deterministic engine's).
/// Trials run in fixed blocks on any number of threads and land in arrays by trial number; statistics are computed
/// afterwards in trial order, so a seed gives the same result on any machine and thread count.
/// Cancellation is checked at the start of every block (every <see cref="BlockSize"/> trials) and between the summary
/// statistics, and once more before returning: a cancelled run throws and never returns a result. Progress is reported in
/// whole steps of blocks, about <see cref="ProgressReports"/> of them, always rising.
/// </summary>
public static class MonteCarlo
{
    /// <summary>
    /// Trials per work item; fixed so that nothing depends on the thread count. Small enough that cancellation (checked
    /// per block) takes effect within milliseconds, large enough that a block's workspace is reused many times.
    /// </summary>
    private const int BlockSize = 256;

    /// <summary>About how many progress reports a run makes: enough to move steadily, few enough not to flood a UI.</summary>
    private const int ProgressReports = 100;

    /// <inheritdoc cref="Run(Scenario, SimulationSettings, IProgress{double}?, CancellationToken)"/>
    public static SimulationResult Run(Scenario scenario, int trials, long seed, IProgress<double>? progress, CancellationToken cancellationToken) =>
        Run(scenario, new SimulationSettings { Trials = trials, Seed = seed }, progress, cancellationToken);

    /// <summary>
    /// Runs the simulation. <paramref name="progress"/> receives the fraction of trials finished, 0..1, rising in regular
    /// steps (about one per cent; finished trials = fraction × trials, rounded) and ending at 1 once every trial is done.
    /// </summary>
    /// <exception cref="InputException">The settings or the scenario are not valid, or no input carries a distribution.</exception>
    /// <exception cref="OperationCanceledException">Cancelled through <paramref name="cancellationToken"/>.</exception>
    public static SimulationResult Run(Scenario scenario, SimulationSettings settings, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(settings);
        var plan = Prepare(scenario, settings);
        var trials = settings.Trials;
        var optionCount = scenario.Options.Count;
        var inputCount = plan.Inputs.Length;
        var presentValues = new double[optionCount][];
        for (var o = 0; o < optionCount; o++)
        {
            presentValues[o] = new double[trials];
        }
        var samples = new double[inputCount][];
        for (var j = 0; j < inputCount; j++)
        {
            samples[j] = new double[trials];
        }
        var clamped = new long[inputCount];
        // The benefits' present value per trial, when the scenario gives benefits (value-model inputs move only this).
        var benefits = scenario.Benefits is null ? null : new double[trials];

        var blocks = (trials + BlockSize - 1) / BlockSize;
        var progressSteps = new ProgressSteps(progress, trials, blocks);
        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = settings.MaxDegreeOfParallelism };
        // Per worker, not per trial or block: the arrays, the workspace (timeline and price factors, recomputed only when
        // a drawn input they depend on changes) and the scenario clones the drawn values are written into are reused by
        // every trial the worker runs, so the trials allocate nothing. Which worker runs a block changes no result.
        Parallel.For(0, blocks, options, () => new Worker(scenario, plan, optionCount), (block, _, worker) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var end = Math.Min(trials, (block + 1) * BlockSize);
            for (var trial = block * BlockSize; trial < end; trial++)
            {
                for (var j = 0; j < inputCount; j++)
                {
                    worker.Uniforms[j] = CounterRandom.Uniform(settings.Seed, (long)trial * inputCount + j);
                }
                plan.Copula.Correlate(worker.Uniforms, worker.Scratch);
                for (var j = 0; j < inputCount; j++)
                {
                    var drawn = plan.Quantiles[j].At(worker.Uniforms[j]);
                    var value = plan.Inputs[j].Field.Range.Clamp(drawn);
                    if (value != drawn)
                    {
                        Interlocked.Increment(ref clamped[j]);
                    }
                    samples[j][trial] = value;
                    worker.Values[j] = value;
                }
                var trialScenario = worker.Trial();
                worker.Workspace.PresentValues(trialScenario, worker.PresentValues);
                if (benefits is not null)
                {
                    benefits[trial] = worker.Workspace.BenefitsPresentValue(trialScenario);
                }
                for (var o = 0; o < optionCount; o++)
                {
                    presentValues[o][trial] = worker.PresentValues[o];
                }
            }
            progressSteps.BlockFinished(end - block * BlockSize);
            return worker;
        }, _ => { });
        cancellationToken.ThrowIfCancellationRequested();
        var result = Summarize(scenario, settings, plan, presentValues, benefits, samples, clamped, cancellationToken);
        // A cancel that arrives while the statistics are computed still wins: the caller never gets a result it cancelled.
        cancellationToken.ThrowIfCancellationRequested();
        return result;
    }

    /// <summary>
    /// Counts finished trials (blocks finish in any order, on any thread) and reports them in whole steps of
    /// <c>stepTrials</c> (a whole number of blocks, so one block never moves it by more than a step), rounded down: a
    /// report never claims a trial that is not finished. Reports are made under the lock, so they reach the receiver rising.
    /// </summary>
    private sealed class ProgressSteps(IProgress<double>? progress, int trials, int blocks)
    {
        private readonly int _stepTrials = Math.Max(1, blocks / ProgressReports) * BlockSize;
        private readonly Lock _lock = new();
        private int _finishedTrials;
        private int _reportedSteps;

        public void BlockFinished(int blockTrials)
        {
            if (progress is null)
            {
                return;
            }
            lock (_lock)
            {
                _finishedTrials += blockTrials;
                var steps = _finishedTrials / _stepTrials;
                if (_finishedTrials == trials)
                {
                    progress.Report(1);
                }
                else if (steps > _reportedSteps)
                {
                    _reportedSteps = steps;
                    progress.Report((double)(steps * _stepTrials) / trials);
                }
            }
        }
    }

    /// <summary>
    /// What a run prepares once: the uncertain inputs, their quantile functions and copula, and the in-place setters of
    /// the inputs (null when one has none; trials then copy the scenario through <see cref="ScenarioInputs.WithAll"/>).
    /// </summary>
    private sealed record Plan(ScenarioInput[] Inputs, InverseCdf[] Quantiles, GaussianCopula Copula, int BaselineIndex, int RecommendedIndex,
        InPlaceScenario? InPlace);

    /// <summary>One worker's buffers, cost-engine workspace and scenario clones, reused by every trial it runs.</summary>
    private sealed class Worker(Scenario scenario, Plan plan, int optionCount)
    {
        private readonly InPlaceScenario.Worker? _inPlace = plan.InPlace?.ForWorker();

        public double[] Uniforms { get; } = new double[plan.Inputs.Length];

        public double[] Scratch { get; } = new double[plan.Inputs.Length];

        public double[] Values { get; } = new double[plan.Inputs.Length];

        public double[] PresentValues { get; } = new double[optionCount];

        public PresentValueWorkspace Workspace { get; } = new();

        /// <summary>The scenario with this trial's <see cref="Values"/>: the worker's clones, set in place, when the plan allows.</summary>
        public Scenario Trial() =>
            _inPlace is not null ? _inPlace.With(Values) : ScenarioInputs.WithAll(scenario, plan.Inputs, Values);
    }

    private static Plan Prepare(Scenario scenario, SimulationSettings settings)
    {
        var problems = new List<InputProblem>();
        if (!SimulationSettings.AllowsTrials(settings.Trials))
        {
            problems.Add(InputProblem.At("--trials", string.Create(CultureInfo.InvariantCulture,
                $"{SimulationSettings.TrialsRule} (got {settings.Trials})")));
        }
        if (settings.MaxDegreeOfParallelism is 0 or < -1)
        {
            problems.Add(InputProblem.At("maxDegreeOfParallelism", $"must be -1 (automatic) or >= 1 (got {settings.MaxDegreeOfParallelism})"));
        }
        if (settings.HistogramBins is < 1 or > 1000)
        {
            problems.Add(InputProblem.At("histogramBins", $"must be >= 1 and <= 1000 (got {settings.HistogramBins})"));
        }
        if (scenario.Uncertainties.Count == 0)
        {
            problems.Add(InputProblem.General("no input carries a distribution: give at least one numeric input a distribution object, e.g. "
                + "\"gpuHourPrice\": {\"distribution\": \"triangular\", \"min\": 1.7, \"mode\": 2.5, \"max\": 4} (docs/scenario-format.md)"));
        }
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }
        ScenarioValidator.EnsureValid(scenario);

        var byKey = ScenarioInputs.List(scenario).ToDictionary(i => i.Key, StringComparer.Ordinal);
        var inputs = new ScenarioInput[scenario.Uncertainties.Count];
        var quantiles = new InverseCdf[inputs.Length];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var j = 0; j < inputs.Length; j++)
        {
            var uncertain = scenario.Uncertainties[j];
            if (!seen.Add(uncertain.Key))
            {
                problems.Add(InputProblem.At(byKey[uncertain.Key].JsonPath, "carries more than one distribution"));
                continue;
            }
            inputs[j] = byKey[uncertain.Key];
            quantiles[j] = InverseCdf.For(uncertain.Distribution, inputs[j].JsonPath);
        }
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }
        var copula = GaussianCopula.Create(inputs.Select(i => i.Key).ToArray(), scenario.Correlations);
        var basePresentValues = CostEngine.PresentValues(scenario);
        return new Plan(inputs, quantiles, copula, CostEngine.IndexOf(scenario, scenario.Baseline), Cheapest(basePresentValues),
            InPlaceScenario.TryCreate(scenario, inputs));
    }

    private static SimulationResult Summarize(Scenario scenario, SimulationSettings settings, Plan plan,
        double[][] presentValues, double[]? benefits, double[][] samples, long[] clamped, CancellationToken cancellationToken)
    {
        var metricIsBaselinePv = plan.RecommendedIndex == plan.BaselineIndex;
        var (cheapestCounts, metric) = CountCheapest(plan, presentValues, settings.Trials, metricIsBaselinePv);
        // Each statistic reads its own arrays and writes its own slot, so computing them in parallel changes nothing.
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = settings.MaxDegreeOfParallelism };
        var options = new OptionSimulation[presentValues.Length];
        Parallel.For(0, presentValues.Length, parallel, o => options[o] = SummarizeOption(scenario, settings, plan, presentValues, benefits, cheapestCounts, o));
        var metricRanks = Descriptive.Ranks(metric);
        // The value metric: the recommendation's NPV per trial (benefits present value minus its cost present value).
        double[]? valueRanks = null;
        if (benefits is not null)
        {
            var npv = new double[settings.Trials];
            var recommended = presentValues[plan.RecommendedIndex];
            for (var t = 0; t < npv.Length; t++)
            {
                npv[t] = benefits[t] - recommended[t];
            }
            valueRanks = Descriptive.Ranks(npv);
        }
        var tornado = new RankTornadoBar[plan.Inputs.Length];
        var valueTornado = valueRanks is null ? null : new RankTornadoBar[plan.Inputs.Length];
        var inputs = new InputSimulation[plan.Inputs.Length];
        Parallel.For(0, plan.Inputs.Length, parallel, j =>
        {
            (tornado[j], inputs[j]) = SummarizeInput(scenario, settings, plan, samples[j], clamped[j], metricRanks, j, out var ranks);
            if (valueTornado is not null)
            {
                valueTornado[j] = tornado[j] with { RankCorrelation = Descriptive.SpearmanOfRanks(ranks, valueRanks!) };
            }
        });
        return new SimulationResult
        {
            Scenario = scenario.Name,
            Currency = scenario.Currency,
            Trials = settings.Trials,
            Seed = settings.Seed,
            Baseline = scenario.Baseline,
            Recommendation = scenario.Options[plan.RecommendedIndex].Id,
            Options = options,
            TornadoMetric = metricIsBaselinePv ? "presentValue" : "npvSavings",
            Tornado = ByCorrelation(tornado),
            BenefitsPresentValue = benefits is null ? null : Descriptive.Summarize(benefits, settings.HistogramBins),
            ValueTornado = valueTornado is null ? null : ByCorrelation(valueTornado),
            Inputs = inputs,
        };
    }

    private static List<RankTornadoBar> ByCorrelation(RankTornadoBar[] bars) => bars
        .OrderByDescending(b => Math.Abs(b.RankCorrelation))
        .ThenBy(b => b.Input, StringComparer.Ordinal)
        .ToList();

    /// <summary>How often each option is cheapest, and the decision metric of every trial.</summary>
    private static (int[] CheapestCounts, double[] Metric) CountCheapest(Plan plan, double[][] presentValues, int trials, bool metricIsBaselinePv)
    {
        var optionCount = presentValues.Length;
        var baseline = presentValues[plan.BaselineIndex];
        var cheapestCounts = new int[optionCount];
        var metric = new double[trials];
        var column = new double[optionCount];
        for (var t = 0; t < trials; t++)
        {
            for (var o = 0; o < optionCount; o++)
            {
                column[o] = presentValues[o][t];
            }
            cheapestCounts[Cheapest(column)]++;
            metric[t] = metricIsBaselinePv ? baseline[t] : baseline[t] - presentValues[plan.RecommendedIndex][t];
        }
        return (cheapestCounts, metric);
    }

    private static OptionSimulation SummarizeOption(Scenario scenario, SimulationSettings settings, Plan plan,
        double[][] presentValues, double[]? benefits, int[] cheapestCounts, int o)
    {
        var trials = settings.Trials;
        SampleStatistics? savings = null;
        double? beatsBaseline = null;
        if (o != plan.BaselineIndex)
        {
            var baseline = presentValues[plan.BaselineIndex];
            var difference = new double[trials];
            var positive = 0;
            for (var t = 0; t < trials; t++)
            {
                difference[t] = baseline[t] - presentValues[o][t];
                positive += difference[t] > 0 ? 1 : 0;
            }
            savings = Descriptive.Summarize(difference, settings.HistogramBins);
            beatsBaseline = (double)positive / trials;
        }
        SampleStatistics? npv = null;
        double? positiveNpv = null;
        if (benefits is not null)
        {
            var net = new double[trials];
            var positive = 0;
            for (var t = 0; t < trials; t++)
            {
                net[t] = benefits[t] - presentValues[o][t];
                positive += net[t] > 0 ? 1 : 0;
            }
            npv = Descriptive.Summarize(net, settings.HistogramBins);
            positiveNpv = (double)positive / trials;
        }
        return new OptionSimulation
        {
            Id = scenario.Options[o].Id,
            Name = scenario.Options[o].DisplayName,
            PresentValue = Descriptive.Summarize(presentValues[o], settings.HistogramBins),
            NpvSavings = savings,
            ProbabilityBeatsBaseline = beatsBaseline,
            ProbabilityCheapest = (double)cheapestCounts[o] / trials,
            Npv = npv,
            ProbabilityPositiveNpv = positiveNpv,
        };
    }

    /// <summary>One uncertain input's rank correlation with the metric, and what was drawn for it.</summary>
    private static (RankTornadoBar Bar, InputSimulation Input) SummarizeInput(Scenario scenario, SimulationSettings settings, Plan plan,
        double[] samples, long clamped, double[] metricRanks, int j, out double[] ranks)
    {
        var input = plan.Inputs[j];
        var label = input.OptionId is null ? input.Field.Label : $"{scenario.GetOption(input.OptionId).DisplayName}: {input.Field.Label}";
        var unit = input.Field.UnitIn(scenario.Currency);
        ranks = Descriptive.Ranks(samples, out var sorted);
        var bar = new RankTornadoBar
        {
            Input = input.Key,
            Label = label,
            Unit = unit,
            RankCorrelation = Descriptive.SpearmanOfRanks(ranks, metricRanks),
        };
        var sum = 0.0;
        foreach (var value in samples)
        {
            sum += value; // in order, as before: the mean is reproducible to the last bit
        }
        return (bar, new InputSimulation
        {
            Input = input.Key,
            Label = label,
            Unit = unit,
            Distribution = scenario.Uncertainties[j].Distribution,
            Mean = sum / settings.Trials,
            P5 = Descriptive.Percentile(sorted, 0.05),
            P95 = Descriptive.Percentile(sorted, 0.95),
            ClampedFraction = (double)clamped / settings.Trials,
        });
    }

    /// <summary>The index of the lowest value; ties go to the earlier option, as in the deterministic ranking.</summary>
    private static int Cheapest(double[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] < values[best])
            {
                best = i;
            }
        }
        return best;
    }
}
