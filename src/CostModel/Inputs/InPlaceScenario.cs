using System.Reflection;
using Planner.CostModel.Scenarios;

namespace Planner.CostModel.Inputs;

/// <summary>
/// Sets a fixed list of inputs of one scenario many times without copying a record each time: the Monte Carlo's way to
/// give every trial its drawn values without allocating (issue 19). <see cref="ForWorker"/> clones the scenario's records
/// once (scenario, workload, benefits, each option, the option list); <see cref="Worker.With"/> then writes a trial's
/// values into those clones through the properties' init accessors, which is exactly what
/// <see cref="ScenarioInputs.WithAll"/>'s <c>with</c> expressions do after cloning. The clones belong to one worker and
/// never leave it, so everything outside still sees only immutable records.
/// </summary>
internal sealed class InPlaceScenario
{
    private readonly Scenario _scenario;
    private readonly ScenarioInput[] _inputs;
    private readonly Action<object, double>[] _setters;

    private InPlaceScenario(Scenario scenario, ScenarioInput[] inputs, Action<object, double>[] setters)
    {
        _scenario = scenario;
        _inputs = inputs;
        _setters = setters;
    }

    /// <summary>
    /// The setters for <paramref name="inputs"/> (distinct inputs of <paramref name="scenario"/>), or null when an input
    /// has none: its field is not a plain double or int property of its record named as in JSON (a value model's field is
    /// set on the value model's record inside the benefits), or setting it in place does not give the record that <see cref="InputField.Set"/> gives.
    /// Callers then fall back to <see cref="ScenarioInputs.WithAll"/>.
    /// </summary>
    public static InPlaceScenario? TryCreate(Scenario scenario, IReadOnlyList<ScenarioInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(inputs);
        var setters = new Action<object, double>[inputs.Count];
        for (var j = 0; j < inputs.Count; j++)
        {
            var owner = OwnerOf(scenario, inputs[j]);
            if (owner is null || SetterFor(inputs[j].ValueModelField ?? inputs[j].Field, owner) is not { } setter)
            {
                return null;
            }
            setters[j] = setter;
        }
        return new InPlaceScenario(scenario, [.. inputs], setters);
    }

    /// <summary>A worker's own clones; not thread-safe, one per worker.</summary>
    public Worker ForWorker()
    {
        var options = new SourcingOption[_scenario.Options.Count];
        for (var i = 0; i < options.Length; i++)
        {
            options[i] = _scenario.Options[i] with { };
        }
        var clone = _scenario with
        {
            Workload = _scenario.Workload with { },
            Benefits = _scenario.Benefits is { } benefits ? CloneBenefits(benefits) : null,
            Options = options,
        };
        var owners = new object[_inputs.Length];
        for (var j = 0; j < owners.Length; j++)
        {
            owners[j] = OwnerOf(clone, _inputs[j])!;
        }
        return new Worker(clone, owners, this);
    }

    /// <summary>One worker's clones of the scenario's records and the record each input lives in.</summary>
    internal sealed class Worker(Scenario clone, object[] owners, InPlaceScenario plan)
    {
        /// <summary>
        /// The worker's scenario with every input set to the value at its position in <paramref name="values"/>: equal to
        /// <see cref="ScenarioInputs.WithAll"/>'s result, and valid until the next call.
        /// </summary>
        public Scenario With(ReadOnlySpan<double> values)
        {
            var setters = plan._setters;
            if (values.Length != setters.Length)
            {
                throw new ArgumentException($"{values.Length} values for {setters.Length} inputs", nameof(values));
            }
            for (var j = 0; j < setters.Length; j++)
            {
                setters[j](owners[j], values[j]);
            }
            return clone;
        }
    }

    /// <summary>A copy of the benefits with copies of their value models' records, so that writing a model's field stays in the worker.</summary>
    private static Benefits CloneBenefits(Benefits benefits)
    {
        var clone = benefits with { };
        foreach (var model in ValueModels.All)
        {
            if (model.Get(clone) is { } part)
            {
                clone = model.With(clone, Clone(part));
            }
        }
        return clone;
    }

    private static object? OwnerOf(Scenario scenario, ScenarioInput input) => input.Part switch
    {
        InputPart.Scenario => scenario,
        InputPart.Workload => scenario.Workload,
        InputPart.Benefits when input.ValueModel is { } model => scenario.Benefits is { } b ? model.Get(b) : null,
        InputPart.Benefits => scenario.Benefits,
        InputPart.Option => scenario.Options[input.OptionIndex],
    };

    /// <summary>
    /// An in-place setter for <paramref name="field"/> on records of <paramref name="owner"/>'s type, checked against the
    /// field's own <c>with</c> setter: on a clone of the owner it must produce a record equal to
    /// <see cref="InputField.Set"/>'s (records compare every field), with a value the owner does not hold.
    /// </summary>
    private static Action<object, double>? SetterFor(InputField field, object owner)
    {
        var name = char.ToUpperInvariant(field.Name[0]) + field.Name[1..];
        var property = owner.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
        if (property?.SetMethod is not { } setMethod || property.DeclaringType is not { } declaring
            || (property.PropertyType != typeof(double) && property.PropertyType != typeof(int)))
        {
            return null;
        }
        var typed = (Action<object, double>)typeof(InPlaceScenario)
            .GetMethod(nameof(Typed), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(declaring, property.PropertyType)
            .Invoke(null, [setMethod])!;
        Action<object, double> setter = field.IsInteger ? (o, v) => typed(o, Math.Round(v)) : typed;

        var probe = field.Get(owner) + 1;
        var expected = field.Set(owner, probe);
        var clone = Clone(owner);
        setter(clone, probe);
        return clone.Equals(expected) ? setter : null;
    }

    private static Action<object, double> Typed<TOwner, TValue>(MethodInfo setMethod)
        where TOwner : class
    {
        if (typeof(TValue) == typeof(int))
        {
            var setInt = setMethod.CreateDelegate<Action<TOwner, int>>();
            return (o, v) => setInt((TOwner)o, (int)v); // as the field tables' with setters convert
        }
        var setDouble = setMethod.CreateDelegate<Action<TOwner, double>>();
        return (o, v) => setDouble((TOwner)o, v);
    }

    private static object Clone(object owner) => owner switch
    {
        Scenario s => s with { },
        Workload w => w with { },
        Benefits b => b with { },
        SourcingOption o => o with { },
        QualityInspectionValue q => q with { },
        PredictiveMaintenanceValue p => p with { },
        LineOptimizationValue l => l with { },
        _ => throw new ArgumentException($"not a scenario record: {owner.GetType().Name}", nameof(owner)),
    };
}
