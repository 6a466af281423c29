using Planner.CostModel.Text;
namespace Planner.CostModel.Serving;

/// <summary>
/// The capacity simulator (docs/methodology.md, "Serving simulator"; ADR 014): one or more replicas, each a
/// continuously batching server, take requests from one shared first-come-first-served queue; step times come from a
/// <see cref="StepTimeModel"/>. Event-driven, so one simulated hour of traffic takes milliseconds: a replica's decode step
/// costs O(1) plus the requests it finishes (finishing steps are kept in a heap, the KV cache as a running sum).
/// <list type="bullet">
/// <item>With whole prompts (<see cref="FleetSettings.PrefillChunkTokens"/> null) each replica follows
/// <see cref="ServingLoop"/>'s policy exactly (a test pins the traces equal): admit waiting requests while the batch has
/// room (and, with <see cref="FleetSettings.MaxPrefillTokens"/>, while their prompts stay within it), prefill them
/// together, else one decode step for the running batch.</item>
/// <item>A request is admitted only while the KV tokens claimed by the running requests plus its own fit in
/// <see cref="FleetSettings.KvCapacityTokens"/>. With <see cref="KvAllocation.Reserve"/> a request claims its whole
/// sequence (input + output), so no running request is ever pre-empted; with <see cref="KvAllocation.OnDemand"/> it
/// claims its prompt, and one token per decode step, and when a step's tokens do not fit the newest running request is
/// pre-empted (its cache freed; it waits at the head of the queue to be prefilled again over its prompt and the tokens
/// it already gave, then decodes the rest). One that could never fit ends at arrival as a <c>kv cache</c> error.</item>
/// <item>Chunked prefill: every step gives each decoding request its token and spends what is left of the token budget on
/// prompts, oldest first (admitting waiting requests while budget, batch and KV allow); a mixed step takes the decode
/// step's time plus the prefill's per-token time for the chunk.</item>
/// <item>Multi-step scheduling (<see cref="FleetSettings.SchedulerSteps"/> k &gt; 1): waiting requests are admitted only at
/// the start of a block of k decode steps (counted from the step after the replica last had nothing decoding); a
/// prompt already admitted goes on being prefilled every step.</item>
/// </list>
/// Traces keep only the first and last token times of a request (all the metrics need), not every token.
/// Requests come either as a list of arrivals (open loop, <see cref="Run"/>) or from clients that each send their next
/// request when the last one ends (closed loop, <see cref="RunClosedLoop"/>), the load of a concurrency benchmark.
/// </summary>
public static class FleetSimulator
{
    private static readonly PhraseTemplate TooManyRequests = new("fleet.tooManyRequests", "a simulation takes at most {0} requests (got {1})");
    private static readonly PhraseTemplate ClosedLoopNeedsClients = new("fleet.closedLoopNeedsClients", "a closed loop needs a concurrency (clients), not a rate");

    /// <summary>The most requests one run takes (about 11 hours at 50 requests/s).</summary>
    public const int MaxRequests = 2_000_000;

    public const string KvCacheError = "kv cache";
    public const string TimeoutError = "timeout";

    /// <summary>Open-loop Poisson arrivals at <paramref name="rate"/> for <paramref name="durationSeconds"/>, each request of the given lengths (<see cref="ServingLoad.PoissonArrivals"/>: the same seed gives the same unit gaps at every rate).</summary>
    public static IReadOnlyList<ServingRequest> Poisson(double rate, double durationSeconds, int inputTokens, int outputTokens, int seed)
    {
        var load = new ServingLoad(rate, null, durationSeconds, inputTokens, outputTokens, MaxRequests, ServingLoad.MaxTimeoutSeconds, seed);
        var arrivals = load.PoissonArrivals();
        var requests = new ServingRequest[arrivals.Count];
        for (var i = 0; i < requests.Length; i++)
        {
            requests[i] = new ServingRequest(i, arrivals[i], inputTokens, outputTokens);
        }
        return requests;
    }

    /// <summary>Serves <paramref name="requests"/> (in arrival order) to the end and summarizes the run.</summary>
    /// <exception cref="InputException">A setting is out of range.</exception>
    public static FleetResult Run(IReadOnlyList<ServingRequest> requests, StepTimeModel model, FleetSettings settings)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        var problems = settings.Validate();
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }
        if (requests.Count > MaxRequests)
        {
            throw new InputException(InputProblem.General(TooManyRequests.With(ProblemPhrases.Invariant(MaxRequests), ProblemPhrases.Invariant(requests.Count))));
        }
        for (var i = 1; i < requests.Count; i++)
        {
            if (requests[i].ArrivalSeconds < requests[i - 1].ArrivalSeconds)
            {
                throw new ArgumentException("requests must be in arrival order", nameof(requests));
            }
        }
        return new Simulation(requests, null, model, settings).Execute();
    }

    /// <summary>
    /// Serves a closed loop (<paramref name="load"/> with a concurrency): its clients each send a request at time 0 and
    /// the next one the moment the last ends, with no think time, until the load's duration is up or its most requests
    /// were sent — how AIPerf, GenAI-Perf, GuideLLM's concurrency mode and <c>vllm bench serve --max-concurrency</c>
    /// load a server, and what <c>planner bench serve --concurrency</c> measures. A request is timed out by
    /// <see cref="FleetSettings.TimeoutSeconds"/>, as in the open loop. The engine is the open loop's (chunked
    /// prefill, KV room, batch limit, replicas), so clients drift apart as the engine staggers their prompts, as they do
    /// on a real server (docs/methodology.md, "Serving simulator").
    /// </summary>
    /// <exception cref="InputException">A setting or the load is out of range, or the load is not a closed loop.</exception>
    public static FleetResult RunClosedLoop(ServingLoad load, StepTimeModel model, FleetSettings settings)
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        var problems = settings.Validate().Concat(load.Problems(f => f).Select(InputProblem.General)).ToList();
        if (load.Concurrency is null)
        {
            problems.Add(InputProblem.General(ClosedLoopNeedsClients.With()));
        }
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }
        var clients = new ClientLoad(load.Concurrency!.Value, 0, load.DurationSeconds, load.InputTokens, load.OutputTokens, load.Seed) { MaxRequests = load.MaxRequests };
        return new Simulation([], clients, model, settings).Execute();
    }

    /// <summary>
    /// Serves closed-loop users (<paramref name="load"/>, docs/methodology.md, "Closed-loop capacity"): each client
    /// thinks, sends a request, waits for its end (or failure) and thinks again, until the load's duration is up; think
    /// times are exponential of mean <see cref="ClientLoad.ThinkSeconds"/> (none when it is 0: the closed loop of
    /// <see cref="RunClosedLoop(ServingLoad, StepTimeModel, FleetSettings)"/>).
    /// </summary>
    /// <exception cref="InputException">A setting or the load is out of range.</exception>
    public static FleetResult RunClosedLoop(ClientLoad load, StepTimeModel model, FleetSettings settings)
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        var problems = settings.Validate().Concat(load.Validate()).ToList();
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }
        return new Simulation([], load, model, settings).Execute();
    }

    private sealed class Replica
    {
        public double At = double.PositiveInfinity;
        public readonly List<int> Prefilling = [];
        public readonly PriorityQueue<int, long> Finishing = new();
        public readonly Queue<int> Admitted = new();

        /// <summary>Running requests in admission order (on-demand KV only: the newest is pre-empted first).</summary>
        public readonly List<int> Order = [];
        public int Running;
        public int Decoding;
        public long KvHeld;
        public long KvReserved;
        public long Steps;
        public long BlockStart;
    }

    private sealed class Simulation
    {
        private readonly List<ServingRequest> _requests;
        private readonly ClientLoad? _closedLoop;
        private readonly PriorityQueue<int, double> _nextSends = new(); // closed loop: when each waiting client sends again
        private readonly StepTimeModel model;
        private readonly FleetSettings settings;
        private RequestTrace[] _traces;
        private int[] _prefilled;
        private long[] _joinStep;
        private bool[] _decoding;
        private bool[] _running;
        private long[] _finishStep;

        // A run of a request: its prompt as prefilled (the input, or after a pre-emption the input and the tokens given so
        // far), the tokens it is to give (its prefill's token included), and the tokens given in earlier runs.
        private int[] _runInput;
        private int[] _runOutput;
        private int[] _emitted;
        private readonly Queue<int> _waiting = new();
        private readonly Queue<int> _resumed = new(); // pre-empted requests, admitted before any waiting one
        private readonly bool _onDemand;
        private readonly List<int> _stepped = []; // reused every step: admitted (whole prompts) or prompts completed (chunked)
        private readonly Replica[] _replicas;
        private readonly double _bucketSeconds;
        private readonly List<(double Integral, int Max)> _buckets = [];
        private const int MaxBuckets = 4096;
        private double _observedUntil;
        private double _wall;
        private double _busySeconds;
        private double _decodeSeconds;
        private double _batchSeconds;
        private double _kvSeconds;
        private double _maxKv;
        private double _queueIntegral;
        private int _maxQueue;
        private int _steps;
        private int _next;

        /// <summary>Requests pre-empted (on-demand KV), counted once per pre-emption.</summary>
        public int Preemptions { get; private set; }

        /// <param name="requests">The open loop's arrivals, in order; empty for a closed loop.</param>
        /// <param name="closedLoop">The closed loop's clients, lengths, duration and most requests; null for an open loop.</param>
        public Simulation(IReadOnlyList<ServingRequest> requests, ClientLoad? closedLoop, StepTimeModel model, FleetSettings settings)
        {
            _requests = [.. requests];
            _closedLoop = closedLoop;
            this.model = model;
            this.settings = settings;
            // A closed loop's request count is known only at its end: its arrays grow (TakeArrival).
            var capacity = closedLoop is { } clients ? Math.Min(clients.MaxRequests, Math.Max(1024, 2 * clients.Clients)) : requests.Count;
            _traces = new RequestTrace[capacity];
            _prefilled = new int[capacity];
            _joinStep = new long[capacity];
            _decoding = new bool[capacity];
            _running = new bool[capacity];
            _finishStep = new long[capacity];
            _runInput = new int[capacity];
            _runOutput = new int[capacity];
            _emitted = new int[capacity];
            _onDemand = settings.KvAllocation == KvAllocation.OnDemand && settings.KvCapacityTokens is not null;
            _replicas = Enumerable.Range(0, settings.Replicas).Select(_ => new Replica()).ToArray();
            var horizon = closedLoop?.DurationSeconds ?? (requests.Count == 0 ? 0 : requests[^1].ArrivalSeconds);
            _bucketSeconds = Math.Max(1, horizon / 240);
            if (closedLoop is { } load)
            {
                for (var c = 0; c < Math.Min(load.Clients, load.MaxRequests); c++)
                {
                    _nextSends.Enqueue(c, load.FirstSendSeconds(c));
                }
            }
        }

        /// <summary>When the next request arrives: the open loop's next, or the earliest waiting client's send.</summary>
        private double NextArrival() =>
            _closedLoop is null
                ? _next < _requests.Count ? _requests[_next].ArrivalSeconds : double.PositiveInfinity
                : _nextSends.TryPeek(out _, out var at) ? at : double.PositiveInfinity;

        /// <summary>The next request's index; a closed loop's client makes it now.</summary>
        private int TakeArrival()
        {
            if (_closedLoop is { } load)
            {
                _nextSends.TryDequeue(out _, out var at);
                if (_requests.Count == _traces.Length)
                {
                    var grown = Math.Min(load.MaxRequests, 2 * _traces.Length);
                    Array.Resize(ref _traces, grown);
                    Array.Resize(ref _prefilled, grown);
                    Array.Resize(ref _joinStep, grown);
                    Array.Resize(ref _decoding, grown);
                    Array.Resize(ref _running, grown);
                    Array.Resize(ref _finishStep, grown);
                    Array.Resize(ref _runInput, grown);
                    Array.Resize(ref _runOutput, grown);
                    Array.Resize(ref _emitted, grown);
                }
                _requests.Add(new ServingRequest(_requests.Count, at, load.InputTokens, load.OutputTokens));
            }
            return _next++;
        }

        public FleetResult Execute()
        {
            while (true)
            {
                var replica = -1;
                var at = double.PositiveInfinity;
                for (var r = 0; r < _replicas.Length; r++)
                {
                    if (_replicas[r].At < at)
                    {
                        at = _replicas[r].At;
                        replica = r;
                    }
                }
                var arrival = NextArrival();
                if (replica < 0 && double.IsPositiveInfinity(arrival))
                {
                    break;
                }
                if (arrival <= at)
                {
                    Arrive(TakeArrival(), arrival);
                    continue;
                }
                Iterate(_replicas[replica], at);
            }
            Observe(_wall);
            return Summary();
        }

        private void Arrive(int i, double now)
        {
            var request = _requests[i];
            _traces[i] = new RequestTrace(request.Id, request.ArrivalSeconds, request.InputTokens, request.OutputTokens);
            (_runInput[i], _runOutput[i]) = (request.InputTokens, request.OutputTokens);
            _wall = Math.Max(_wall, now);
            if (settings.KvCapacityTokens is { } capacity && (long)request.InputTokens + request.OutputTokens > capacity)
            {
                End(i, now, KvCacheError);
                return;
            }
            Observe(now);
            _waiting.Enqueue(i);
            _maxQueue = Math.Max(_maxQueue, _waiting.Count);
            foreach (var replica in _replicas)
            {
                if (double.IsPositiveInfinity(replica.At))
                {
                    replica.At = now;
                    break;
                }
            }
        }

        private void Iterate(Replica replica, double now)
        {
            TimeOut(replica, now);
            if (replica.Running == 0 && _waiting.Count == 0 && _resumed.Count == 0)
            {
                replica.At = double.PositiveInfinity;
                return;
            }
            var seconds = settings.PrefillChunkTokens is { } budget ? ChunkedStep(replica, now, budget) : WholeStep(replica, now);
            if (seconds is not { } dt)
            {
                replica.At = double.PositiveInfinity;
                return;
            }
            replica.At = now + dt;
            _wall = Math.Max(_wall, now + dt);
            _steps++;
        }

        /// <summary><see cref="ServingLoop"/>'s policy: admit and prefill whole prompts first, else one decode step.</summary>
        private double? WholeStep(Replica replica, double now)
        {
            var admitted = _stepped;
            admitted.Clear();
            long promptTokens = 0;
            while (CanAdmit(replica) && AtBlockStart(replica) && (admitted.Count == 0 || FitsPrefillStep(promptTokens)))
            {
                var i = Admit(replica, now);
                admitted.Add(i);
                promptTokens += _runInput[i];
            }
            if (admitted.Count > 0)
            {
                var dt = model.PrefillSeconds(promptTokens);
                Account(replica, dt, decoding: false);
                foreach (var i in admitted)
                {
                    _prefilled[i] = _runInput[i];
                    replica.KvHeld += _runInput[i];
                    FirstToken(replica, i, now + dt);
                }
                return dt;
            }
            if (replica.Decoding == 0)
            {
                return null;
            }
            MakeRoom(replica);
            var step = model.DecodeStepSeconds(replica.Decoding, replica.KvHeld);
            Account(replica, step, decoding: true);
            DecodeDone(replica, now + step);
            return step;
        }

        /// <summary>Whether the next waiting prompt joins a whole-prompt prefill step already holding <paramref name="promptTokens"/> (<see cref="FleetSettings.MaxPrefillTokens"/>).</summary>
        private bool FitsPrefillStep(long promptTokens) =>
            settings.MaxPrefillTokens is not { } limit || promptTokens + _runInput[_resumed.Count > 0 ? _resumed.Peek() : _waiting.Peek()] <= limit;

        /// <summary>One step of chunked prefill: every decoding request's token, then prompt tokens up to the budget.</summary>
        private double? ChunkedStep(Replica replica, double now, int budget)
        {
            MakeRoom(replica);
            var room = Math.Max(0, budget - replica.Decoding);
            var chunk = 0;
            var done = _stepped;
            done.Clear();
            foreach (var i in replica.Prefilling)
            {
                if (chunk >= room)
                {
                    break;
                }
                chunk += Take(i, room - chunk, done);
            }
            while (chunk < room && CanAdmit(replica) && AtBlockStart(replica))
            {
                var i = Admit(replica, now);
                replica.Prefilling.Add(i);
                chunk += Take(i, room - chunk, done);
            }
            if (chunk == 0 && replica.Decoding == 0)
            {
                return null;
            }
            var decoding = replica.Decoding > 0;
            var dt = decoding
                ? model.DecodeStepSeconds(replica.Decoding, replica.KvHeld) + (model.PrefillSecondsPerToken * chunk)
                : model.PrefillSeconds(chunk);
            Account(replica, dt, decoding);
            if (decoding)
            {
                DecodeDone(replica, now + dt);
            }
            replica.KvHeld += chunk;
            foreach (var i in done)
            {
                replica.Prefilling.Remove(i);
                FirstToken(replica, i, now + dt);
            }
            return dt;
        }

        private int Take(int i, int available, List<int> done)
        {
            var take = Math.Min(_runInput[i] - _prefilled[i], available);
            _prefilled[i] += take;
            if (_prefilled[i] == _runInput[i])
            {
                done.Add(i);
            }
            return take;
        }

        private bool CanAdmit(Replica replica)
        {
            if ((_waiting.Count == 0 && _resumed.Count == 0) || replica.Running >= settings.MaxBatch)
            {
                return false;
            }
            var head = _resumed.Count > 0 ? _resumed.Peek() : _waiting.Peek();
            // On demand, the next decode step's tokens of the running requests must fit beside the prompt.
            return settings.KvCapacityTokens is not { } capacity
                || replica.KvReserved + Claim(head) + (_onDemand ? replica.Decoding : 0) <= capacity;
        }

        /// <summary>Whether the scheduler decides now: every step, or with multi-step scheduling at the start of a block of decode steps.</summary>
        private bool AtBlockStart(Replica replica)
        {
            if (replica.Decoding == 0)
            {
                replica.BlockStart = replica.Steps;
                return true;
            }
            return (replica.Steps - replica.BlockStart) % settings.SchedulerSteps == 0;
        }

        private int Admit(Replica replica, double now)
        {
            Observe(now);
            var i = _resumed.Count > 0 ? _resumed.Dequeue() : _waiting.Dequeue();
            replica.Running++;
            replica.KvReserved += Claim(i);
            replica.Admitted.Enqueue(i);
            _running[i] = true;
            if (_onDemand)
            {
                replica.Order.Add(i);
            }
            return i;
        }

        /// <summary>The KV tokens request <paramref name="i"/> claims at admission: its whole sequence, or on demand its prompt.</summary>
        private long Claim(int i) => _onDemand ? _runInput[i] : (long)_requests[i].InputTokens + _requests[i].OutputTokens;

        /// <summary>
        /// On-demand KV: pre-empts the newest running requests until the decode tokens of the next step fit (the oldest
        /// always stays; a request that fits alone was checked at arrival).
        /// </summary>
        private void MakeRoom(Replica replica)
        {
            if (!_onDemand)
            {
                return;
            }
            var capacity = settings.KvCapacityTokens!.Value;
            while (replica.KvReserved + replica.Decoding > capacity && replica.Order.Count > 1)
            {
                Preempt(replica, replica.Order[^1]);
            }
        }

        /// <summary>Frees request <paramref name="i"/>'s cache; it waits at the head of the queue to be prefilled again over its prompt and the tokens it gave.</summary>
        private void Preempt(Replica replica, int i)
        {
            var given = _decoding[i] ? 1 + (int)(replica.Steps - _joinStep[i]) : 0;
            Leave(replica, i);
            _emitted[i] += given;
            _runInput[i] = _requests[i].InputTokens + _emitted[i];
            _runOutput[i] = _requests[i].OutputTokens - _emitted[i];
            _prefilled[i] = 0;
            _resumed.Enqueue(i);
            Preemptions++;
        }

        /// <summary>The prompt is in: the first token comes at <paramref name="time"/>; the request then decodes or, wanting one token, ends.</summary>
        private void FirstToken(Replica replica, int i, double time)
        {
            var trace = _traces[i];
            // A resumed request's prefill gives its next token, not its first.
            var first = _emitted[i] == 0;
            if (first)
            {
                trace.TokenSeconds.Add(time);
                trace.OutputTokens = 1;
            }
            if (_runOutput[i] == 1)
            {
                if (!first)
                {
                    trace.TokenSeconds.Add(time);
                    trace.OutputTokens = _requests[i].OutputTokens;
                }
                Leave(replica, i);
                End(i, time, null);
                return;
            }
            _joinStep[i] = replica.Steps;
            _decoding[i] = true;
            replica.Decoding++;
            _finishStep[i] = replica.Steps + _runOutput[i] - 1;
            replica.Finishing.Enqueue(i, _finishStep[i]);
        }

        /// <summary>A decode step ended at <paramref name="time"/>: each decoding request has one more token; those with all their tokens leave.</summary>
        private void DecodeDone(Replica replica, double time)
        {
            replica.Steps++;
            replica.KvHeld += replica.Decoding;
            if (_onDemand)
            {
                replica.KvReserved += replica.Decoding;
            }
            while (replica.Finishing.TryPeek(out var i, out var step) && step <= replica.Steps)
            {
                replica.Finishing.Dequeue();
                // Ended, or an entry left by a pre-empted run (its request finishes at a later step, or decodes elsewhere).
                if (_traces[i].EndSeconds is not null || !_decoding[i] || _finishStep[i] != step)
                {
                    continue;
                }
                var trace = _traces[i];
                trace.TokenSeconds.Add(time);
                trace.OutputTokens = _requests[i].OutputTokens;
                Leave(replica, i);
                End(i, time, null);
            }
        }

        /// <summary>Frees what request <paramref name="i"/> held on the replica.</summary>
        private void Leave(Replica replica, int i)
        {
            replica.Running--;
            _running[i] = false;
            var decoded = _decoding[i] ? replica.Steps - _joinStep[i] : 0;
            replica.KvReserved -= Claim(i) + (_onDemand ? decoded : 0);
            if (_decoding[i])
            {
                replica.KvHeld -= _runInput[i] + decoded;
                replica.Decoding--;
                _decoding[i] = false;
            }
            else
            {
                replica.KvHeld -= _prefilled[i];
                replica.Prefilling.Remove(i);
            }
            if (_onDemand)
            {
                replica.Order.Remove(i);
            }
        }

        private void TimeOut(Replica replica, double now)
        {
            if (settings.TimeoutSeconds is not { } timeout)
            {
                return;
            }
            while (replica.Admitted.TryPeek(out var i))
            {
                if (_traces[i].EndSeconds is not null || !_running[i])
                {
                    replica.Admitted.Dequeue();
                    continue;
                }
                if (now - _requests[i].ArrivalSeconds < timeout)
                {
                    break;
                }
                replica.Admitted.Dequeue();
                if (_decoding[i])
                {
                    _traces[i].OutputTokens = _emitted[i] + 1 + (int)(replica.Steps - _joinStep[i]);
                }
                else if (_emitted[i] > 0)
                {
                    _traces[i].OutputTokens = _emitted[i];
                }
                Leave(replica, i);
                End(i, now, TimeoutError);
            }
            while (_resumed.TryPeek(out var i) && now - _requests[i].ArrivalSeconds >= timeout)
            {
                _resumed.Dequeue();
                _traces[i].OutputTokens = _emitted[i];
                End(i, now, TimeoutError);
            }
            while (_waiting.TryPeek(out var i) && now - _requests[i].ArrivalSeconds >= timeout)
            {
                Observe(now);
                _waiting.Dequeue();
                End(i, now, TimeoutError);
            }
        }

        private void End(int i, double time, string? error)
        {
            _traces[i].EndSeconds = time;
            _traces[i].Error = error;
            // A closed loop's client thinks, then sends again while the load lasts and has requests left to send.
            if (_closedLoop is { } load && _requests.Count + _nextSends.Count < load.MaxRequests)
            {
                var send = time + load.ThinkAfter(i);
                if (send < load.DurationSeconds)
                {
                    _nextSends.Enqueue(i, send);
                }
            }
        }

        private void Account(Replica replica, double dt, bool decoding)
        {
            _busySeconds += dt;
            if (decoding)
            {
                _decodeSeconds += dt;
                _batchSeconds += dt * replica.Decoding;
            }
            if (settings.KvCapacityTokens is { } capacity)
            {
                _kvSeconds += dt * replica.KvHeld / capacity;
                _maxKv = Math.Max(_maxKv, (double)replica.KvHeld / capacity);
            }
        }

        /// <summary>Adds the queue length held since the last observation, spread over the time buckets it spans.</summary>
        private void Observe(double now)
        {
            var from = _observedUntil;
            if (now <= from)
            {
                return;
            }
            var waiting = _waiting.Count;
            _queueIntegral += waiting * (now - from);
            var index = Math.Min((int)(from / _bucketSeconds), MaxBuckets - 1);
            while (from < now)
            {
                while (_buckets.Count <= index)
                {
                    _buckets.Add((0, 0));
                }
                var end = index == MaxBuckets - 1 ? now : Math.Min(now, (index + 1) * _bucketSeconds);
                var (integral, max) = _buckets[index];
                _buckets[index] = (integral + (waiting * (end - from)), Math.Max(max, waiting));
                from = end;
                index = Math.Min(index + 1, MaxBuckets - 1);
            }
            _observedUntil = now;
        }

        private FleetResult Summary()
        {
            var traces = _traces.Length == _requests.Count ? _traces : _traces[.._requests.Count];
            var metrics = ServingSummary.Summarize(traces, _wall, settings.Targets);
            var gpus = settings.Replicas * settings.GpusPerReplica;
            var samples = new List<QueueSample>(_buckets.Count);
            for (var b = 0; b < _buckets.Count; b++)
            {
                var start = b * _bucketSeconds;
                var end = b == MaxBuckets - 1 ? _wall : Math.Min(_wall, (b + 1) * _bucketSeconds);
                samples.Add(new QueueSample(start, end, end > start ? _buckets[b].Integral / (end - start) : 0, _buckets[b].Max));
            }
            return new FleetResult(
                metrics,
                metrics.OutputTokensPerSecond / gpus,
                metrics.InterTokenLatencyMs.Mean > 0 ? 1000 / metrics.InterTokenLatencyMs.Mean : 0,
                _decodeSeconds > 0 ? _batchSeconds / _decodeSeconds : 0,
                settings.KvCapacityTokens is null ? null : _busySeconds > 0 ? _kvSeconds / _busySeconds : 0,
                settings.KvCapacityTokens is null ? null : _maxKv,
                _wall > 0 ? _queueIntegral / _wall : 0,
                _maxQueue,
                samples,
                _steps)
            {
                Requests = traces,
                Preemptions = Preemptions,
            };
        }
    }
}
