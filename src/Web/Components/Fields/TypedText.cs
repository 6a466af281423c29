namespace Planner.Web.Components.Fields;

/// <summary>
/// Text a person typed into a debounced field whose value the field has not handed over yet (ADR 056). MudBlazor 9.12's
/// debounced inputs redraw their text from the value the page passes whenever the page redraws and no debounce timer is
/// pending, and its timer stops being pending before its hand-over runs on the circuit: a page redrawn for another
/// change in between (another field's edit, an evaluation finishing) put the old value back in the field and the typed
/// text was never handed over (issue 15: a served model's label lost). The field keeps typed text while the value is
/// still the one it was typed over; a value that changed since (handed over, or set by someone else) is drawn again.
/// </summary>
internal sealed class TypedText<T>
{
    private bool _typed;
    private T? _valueWhenTyped;

    /// <summary>
    /// The field's text is set: typed by the person (<paramref name="typed"/>, the value to follow once the debounce ends),
    /// or drawn again from the field's <paramref name="value"/>, which is skipped while typed text waits on that same value.
    /// A value that changed since the typing (handed over, or set by someone else) is drawn.
    /// </summary>
    public Task SetTextAsync(T? value, string? text, bool typed, Func<string?, bool, Task> setText)
    {
        if (typed)
        {
            _typed = true;
            _valueWhenTyped = value;
        }
        else if (_typed && EqualityComparer<T>.Default.Equals(value, _valueWhenTyped))
        {
            return Task.CompletedTask;
        }
        else
        {
            _typed = false;
        }
        return setText(text, typed);
    }

    /// <summary>The field's value is set (the typed text handed over, or a value given): nothing typed is waiting.</summary>
    public Task SetValueAsync(T? value, bool updateText, bool force, Func<T?, bool, bool, Task> setValue)
    {
        _typed = false;
        return setValue(value, updateText, force);
    }
}
