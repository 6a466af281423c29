using MudBlazor;

namespace Planner.Web.Components.Fields;

/// <summary>MudBlazor's number field that keeps what a person typed until its value is handed over (<see cref="TypedText{T}"/>).</summary>
public class PlannerNumericField<T> : MudNumericField<T>
{
    private readonly TypedText<T> _typed = new();

    protected override Task SetTextAndUpdateValueAsync(string? text, bool updateValue = true) =>
        _typed.SetTextAsync(ReadValue, text, updateValue, base.SetTextAndUpdateValueAsync);

    protected override Task SetValueAndUpdateTextAsync(T? value, bool updateText = true, bool force = false) =>
        _typed.SetValueAsync(value, updateText, force, base.SetValueAndUpdateTextAsync);
}
