using System.Buffers;
using System.Globalization;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Text;

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
        // The per-trial columns (every option's present value, every input's draws, the benefits' present value) are the
        // working data of the statistics; they are rented, fully written and given back before returning, so repeated runs
        // reuse them and a run allocates O(options + inputs), not O(trials) (docs/decisions/027-monte-carlo-speed.md).
        using var columns = new TrialColumns(trials);
        var presentValues = new double[optionCount][];
        for (var o = 0; o < optionCount; o++)
        {
            presentValues[o] = columns.Rent();
        }
        var samples = new double[inputCount][];
        for (var j = 0; j < inputCount; j++)
        {
            samples[j] = columns.Rent();
        }
        var clamped = new long[inputCount];
        // The benefits' present value per trial, when the scenario gives benefits (value-model inputs move only this).
        var benefits = scenario.Benefits is null ? null : columns.Rent();

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
        var result = Summarize(scenario, settings, plan, presentValues, benefits, samples, clamped, columns, cancellationToken);
        // A cancel that arrives while the statistics are computed still wins: the caller never gets a result it cancelled.
        cancellationToken.ThrowIfCancellationRequested();
        return result;
    }

    /// <summary>
    /// The run's per-trial columns, rented from <see cref="ArrayPool{T}"/> (at least <c>trials</c> long; only the first
    /// <c>trials</c> entries are used, and each is written before it is read) and all given back when the run ends, also
    /// when it fails or is cancelled. Thread-safe: the summaries rent in parallel.
    /// </summary>
    private sealed class TrialColumns(int trials) : IDisposable
    {
        private readonly List<double[]> _rented = [];
        private readonly Lock _lock = new();

        public double[] Rent()
        {
            var column = ArrayPool<double>.Shared.Rent(trials);
            lock (_lock)
            {
                _rented.Add(column);
            }
            return column;
        }

        /// <summary>Gives a column back before the run ends, so that a later statistic of the same run can reuse it.</summary>
        public void Return(double[] column)
        {
            lock (_lock)
            {
                if (!_rented.Remove(column))
                {
                    return;
                }
            }
            ArrayPool<double>.Shared.Return(column);
        }

        public void Dispose()
        {
            lock (_lock)
            {
                foreach (var column in _rented)
                {
                    ArrayPool<double>.Shared.Return(column);
                }
                _rented.Clear();
            }
        }
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

    private static readonly PhraseTemplate BadParallelism = new("simulation.badParallelism", "must be -1 (automatic) or >= 1 (got {0})");
    private static readonly PhraseTemplate NoDistribution = new("simulation.noDistribution",
        "no input carries a distribution: give at least one numeric input a distribution object, e.g. "
        + "\"gpuHourPrice\": {{\"distribution\": \"triangular\", \"min\": 1.7, \"mode\": 2.5, \"max\": 4}} (docs/scenario-format.md)");

    private static Plan Prepare(Scenario scenario, SimulationSettings settings)
    {
        var problems = new List<InputProblem>();
        if (!SimulationSettings.AllowsTrials(settings.Trials))
        {
            problems.Add(InputProblem.At("--trials", ProblemPhrases.OutOfRange(SimulationSettings.TrialsRange(), settings.Trials.ToString(CultureInfo.InvariantCulture))));
        }
        if (settings.MaxDegreeOfParallelism is 0 or < -1)
        {
            problems.Add(InputProblem.At("maxDegreeOfParallelism", BadParallelism.With(settings.MaxDegreeOfParallelism.ToString(CultureInfo.InvariantCulture))));
        }
        if (settings.HistogramBins is < 1 or > 1000)
        {
            problems.Add(InputProblem.At("histogramBins", ProblemPhrases.OutOfRange(ProblemPhrases.Between(">= 1", "<= 1000"), settings.HistogramBins.ToString(CultureInfo.InvariantCulture))));
        }
        if (scenario.Uncertainties.Count == 0)
        {
            problems.Add(InputProblem.General(NoDistribution.With()));
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
                problems.Add(InputProblem.At(byKey[uncertain.Key].JsonPath, Distribution.MoreThanOne.With()));
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
        double[][] presentValues, double[]? benefits, double[][] samples, long[] clamped, TrialColumns columns, CancellationToken cancellationToken)
    {
        var trials = settings.Trials;
        var metricIsBaselinePv = plan.RecommendedIndex == plan.BaselineIndex;
        var metric = columns.Rent();
        var cheapestCounts = CountCheapest(plan, presentValues, trials, metricIsBaselinePv, metric);
        // Each statistic reads its own arrays and writes its own slot, so computing them in parallel changes nothing.
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = settings.MaxDegreeOfParallelism };
        var options = new OptionSimulation[presentValues.Length];
        Parallel.For(0, presentValues.Length, parallel, o => options[o] = SummarizeOption(scenario, settings, plan, presentValues, benefits, cheapestCounts, columns, o));
        var metricRanks = columns.Rent();
        var scratch = columns.Rent();
        Descriptive.Rank(metric.AsSpan(0, trials), metricRanks, scratch);
        columns.Return(metric);
        // The value metric: the recommendation's NPV per trial (benefits present value minus its cost present value).
        double[]? valueRanks = null;
        if (benefits is not null)
        {
            var npv = columns.Rent();
            var recommended = presentValues[plan.RecommendedIndex];
            for (var t = 0; t < trials; t++)
            {
                npv[t] = benefits[t] - recommended[t];
            }
            valueRanks = columns.Rent();
            Descriptive.Rank(npv.AsSpan(0, trials), valueRanks, scratch);
            columns.Return(npv);
        }
        columns.Return(scratch);
        var tornado = new RankTornadoBar[plan.Inputs.Length];
        var valueTornado = valueRanks is null ? null : new RankTornadoBar[plan.Inputs.Length];
        var inputs = new InputSimulation[plan.Inputs.Length];
        Parallel.For(0, plan.Inputs.Length, parallel, j =>
        {
            var ranks = columns.Rent();
            var sorted = columns.Rent();
            (tornado[j], inputs[j]) = SummarizeInput(scenario, settings, plan, samples[j], clamped[j], metricRanks, j, ranks, sorted);
            columns.Return(sorted);
            if (valueTornado is not null)
            {
                valueTornado[j] = tornado[j] with { RankCorrelation = Descriptive.SpearmanOfRanks(ranks.AsSpan(0, trials), valueRanks.AsSpan(0, trials)) };
            }
            columns.Return(ranks);
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
            TornadoMetric = ResultMetrics.TornadoMetric(metricIsBaselinePv),
            Tornado = ByCorrelation(tornado),
            BenefitsPresentValue = benefits is null ? null : Descriptive.SummarizeSample(benefits.AsSpan(0, trials), settings.HistogramBins),
            ValueTornado = valueTornado is null ? null : ByCorrelation(valueTornado),
            Inputs = inputs,
        };
    }

    private static List<RankTornadoBar> ByCorrelation(RankTornadoBar[] bars) => bars
        .OrderByDescending(b => Math.Abs(b.RankCorrelation))
        .ThenBy(b => b.Input, StringComparer.Ordinal)
        .ToList();

    /// <summary>How often each option is cheapest; the decision metric of every trial goes into <paramref name="metric"/>.</summary>
    private static int[] CountCheapest(Plan plan, double[][] presentValues, int trials, bool metricIsBaselinePv, double[] metric)
    {
        var optionCount = presentValues.Length;
        var baseline = presentValues[plan.BaselineIndex];
        var cheapestCounts = new int[optionCount];
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
        return cheapestCounts;
    }

    private static OptionSimulation SummarizeOption(Scenario scenario, SimulationSettings settings, Plan plan,
        double[][] presentValues, double[]? benefits, int[] cheapestCounts, TrialColumns columns, int o)
    {
        var trials = settings.Trials;
        SampleStatistics? savings = null;
        double? beatsBaseline = null;
        if (o != plan.BaselineIndex)
        {
            (savings, beatsBaseline) = Difference(presentValues[plan.BaselineIndex], presentValues[o], settings, columns);
        }
        SampleStatistics? npv = null;
        double? positiveNpv = null;
        if (benefits is not null)
        {
            (npv, positiveNpv) = Difference(benefits, presentValues[o], settings, columns);
        }
        return new OptionSimulation
        {
            Id = scenario.Options[o].Id,
            Name = scenario.Options[o].DisplayName,
            PresentValue = Descriptive.SummarizeSample(presentValues[o].AsSpan(0, trials), settings.HistogramBins),
            NpvSavings = savings,
            ProbabilityBeatsBaseline = beatsBaseline,
            ProbabilityCheapest = (double)cheapestCounts[o] / trials,
            Npv = npv,
            ProbabilityPositiveNpv = positiveNpv,
        };
    }

    /// <summary>
    /// Trial by trial <paramref name="from"/> minus <paramref name="minus"/> (an option's savings against the baseline, or
    /// its NPV with the benefits): its statistics and the share of trials in which it is above zero.
    /// </summary>
    private static (SampleStatistics Statistics, double PositiveShare) Difference(double[] from, double[] minus, SimulationSettings settings, TrialColumns columns)
    {
        var trials = settings.Trials;
        var difference = columns.Rent();
        var positive = 0;
        for (var t = 0; t < trials; t++)
        {
            difference[t] = from[t] - minus[t];
            positive += difference[t] > 0 ? 1 : 0;
        }
        var statistics = Descriptive.SummarizeSample(difference.AsSpan(0, trials), settings.HistogramBins);
        columns.Return(difference);
        return (statistics, (double)positive / trials);
    }

    /// <summary>One uncertain input's rank correlation with the metric, and what was drawn for it.</summary>
    private static (RankTornadoBar Bar, InputSimulation Input) SummarizeInput(Scenario scenario, SimulationSettings settings, Plan plan,
        double[] samples, long clamped, double[] metricRanks, int j, double[] ranks, double[] sorted)
    {
        var trials = settings.Trials;
        var input = plan.Inputs[j];
        var label = input.OptionId is null ? input.Field.Label : $"{scenario.GetOption(input.OptionId).DisplayName}: {input.Field.Label}";
        var unit = input.Field.UnitIn(scenario.Currency);
        Descriptive.Rank(samples.AsSpan(0, trials), ranks, sorted);
        var bar = new RankTornadoBar
        {
            Input = input.Key,
            Label = label,
            Unit = unit,
            RankCorrelation = Descriptive.SpearmanOfRanks(ranks.AsSpan(0, trials), metricRanks.AsSpan(0, trials)),
        };
        var sum = 0.0;
        for (var t = 0; t < trials; t++)
        {
            sum += samples[t]; // in order, as before: the mean is reproducible to the last bit
        }
        return (bar, new InputSimulation
        {
            Input = input.Key,
            Label = label,
            Unit = unit,
            Distribution = scenario.Uncertainties[j].Distribution,
            Mean = sum / settings.Trials,
            P5 = Descriptive.PercentileOfSorted(sorted.AsSpan(0, trials), 0.05),
            P95 = Descriptive.PercentileOfSorted(sorted.AsSpan(0, trials), 0.95),
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
