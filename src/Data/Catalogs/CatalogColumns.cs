using System.Globalization;
using Planner.CostModel;
using Planner.CostModel.Inputs;
using Planner.CostModel.Text;
using Planner.Data.Entities;

namespace Planner.Data.Catalogs;

/// <summary>Builders for the kinds of catalog columns: text, numbers with a range, money, dates, choices.</summary>
internal static class CatalogColumns
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // The rules a column's values meet, as import errors and the row editor's form word them.
    private static readonly PhraseTemplate TextRequired = new("catalogRule.textRequired", "must not be empty and at most {0} characters");
    private static readonly PhraseTemplate TextOptional = new("catalogRule.textOptional", "must be at most {0} characters");
    private static readonly PhraseTemplate NumberOne = new("catalogRule.numberOne", "must be a number {0}");
    private static readonly PhraseTemplate NumberBoth = new("catalogRule.numberBoth", "must be a number {0} and {1}");
    private static readonly PhraseTemplate NumberFinite = new("catalogRule.numberFinite", "must be a finite number");
    private static readonly PhraseTemplate WholeNumber = new("catalogRule.wholeNumber", "must be a whole number >= {0} and <= {1}");
    private static readonly PhraseTemplate MoneyAmount = new("catalogRule.money", "must be a number >= 0 and <= {0}");
    private static readonly PhraseTemplate CurrencyCode = new("catalogRule.currency", "must be an ISO 4217 code such as USD, CNY or EUR");
    private static readonly PhraseTemplate CurrencyCodeOrUsd = new("catalogRule.currencyOrUsd", "must be an ISO 4217 code such as USD, CNY or EUR or empty (USD)");
    private static readonly PhraseTemplate TrueOrFalse = new("catalogRule.boolean", "must be true or false");
    private static readonly PhraseTemplate OneOf = new("catalogRule.oneOf", "must be one of {0}");
    private static readonly PhraseTemplate Url = new("catalogRule.url", "must be an absolute http(s) URL of at most {0} characters or empty");
    private static readonly PhraseTemplate AsOfDate = new("catalogRule.asOf", "must be a date yyyy-MM-dd from {0} on");
    private static readonly PhraseTemplate OrEmpty = new("catalogRule.orEmpty", "{0} or empty");
    private static readonly DateOnly EarliestAsOf = new(1990, 1, 1);
    private const int MaxUrlLength = 2_000;

    /// <summary>Text of at most <paramref name="maxLength"/> characters (default <see cref="Limits.NameLength"/>: names and keys).</summary>
    public static CatalogColumn<T> Text<T>(string name, string description, Func<T, string> get, Action<T, string> set, bool required = true,
        int maxLength = Limits.NameLength) =>
        new(name, "", description, (required ? TextRequired : TextOptional).With(maxLength.ToString("N0", Invariant)), required, get,
            (row, text) =>
            {
                if (text.Length > maxLength)
                {
                    return false;
                }
                set(row, text);
                return true;
            });

    public static CatalogColumn<T> Number<T>(string name, string unit, string description, NumberRange range,
        Func<T, double> get, Action<T, double> set) =>
        new(name, unit, description, NumberRule(range), true, row => get(row).ToString("R", Invariant),
            (row, text) =>
            {
                if (!TryDouble(text, range, out var value))
                {
                    return false;
                }
                set(row, value);
                return true;
            }) { IsNumber = true };

    public static CatalogColumn<T> OptionalNumber<T>(string name, string unit, string description, NumberRange range,
        Func<T, double?> get, Action<T, double?> set) =>
        new(name, unit, description, OrEmpty.With(NumberRule(range)), false, row => get(row)?.ToString("R", Invariant) ?? "",
            (row, text) =>
            {
                if (text.Length == 0)
                {
                    set(row, null);
                    return true;
                }
                if (!TryDouble(text, range, out var value))
                {
                    return false;
                }
                set(row, value);
                return true;
            }) { IsNumber = true };

    public static CatalogColumn<T> Integer<T>(string name, string unit, string description, int min, int max,
        Func<T, int?> get, Action<T, int?> set, bool required = true) =>
        new(name, unit, description, Optionally(WholeNumber.With(min.ToString(Invariant), max.ToString(Invariant)), required), required,
            row => get(row)?.ToString(Invariant) ?? "",
            (row, text) =>
            {
                if (text.Length == 0)
                {
                    set(row, null);
                    return true;
                }
                if (!int.TryParse(text, NumberStyles.Integer, Invariant, out var value) || value < min || value > max)
                {
                    return false;
                }
                set(row, value);
                return true;
            }) { IsNumber = true };

    /// <summary>An ISO 4217 currency code; an optional column left empty means USD, the catalogs' first currency.</summary>
    public static CatalogColumn<T> Currency<T>(string name, string description, Func<T, string> get, Action<T, string> set, bool required = false) =>
        new(name, "", description, (required ? CurrencyCode : CurrencyCodeOrUsd).With(), required, get,
            (row, text) =>
            {
                var code = text.Length == 0 && !required ? "USD" : text;
                if (!Currencies.IsKnown(code))
                {
                    return false;
                }
                set(row, code);
                return true;
            });

    public static CatalogColumn<T> Boolean<T>(string name, string description, Func<T, bool> get, Action<T, bool> set) =>
        new(name, "", description, TrueOrFalse.With(), true, row => get(row) ? "true" : "false",
            (row, text) =>
            {
                if (!bool.TryParse(text, out var value))
                {
                    return false;
                }
                set(row, value);
                return true;
            });

    /// <summary>The most any catalog money amount may be (a server, a GPU-hour, a million tokens): USD 1,000,000,000.</summary>
    public const decimal MaxMoney = 1_000_000_000m;

    /// <summary>A non-negative money amount in USD (decimal, as money is), at most <see cref="MaxMoney"/>.</summary>
    public static CatalogColumn<T> Money<T>(string name, string description, Func<T, decimal?> get, Action<T, decimal?> set, bool required = true) =>
        new(name, "USD", description, Optionally(MoneyAmount.With(MaxMoney.ToString("N0", Invariant)), required), required,
            row => get(row) is { } money ? FormatMoney(money) : "",
            (row, text) =>
            {
                if (text.Length == 0)
                {
                    set(row, null);
                    return true;
                }
                if (!decimal.TryParse(text, NumberStyles.Float, Invariant, out var value) || value < 0 || value > MaxMoney)
                {
                    return false;
                }
                set(row, value);
                return true;
            }) { IsNumber = true };

    public static CatalogColumn<T> Choice<T, TEnum>(string name, string description, Func<T, TEnum> get, Action<T, TEnum> set)
        where TEnum : struct, Enum
    {
        var names = Enum.GetValues<TEnum>().ToDictionary(v => ChoiceName(v), StringComparer.OrdinalIgnoreCase);
        return new(name, "", description, OneOf.With(string.Join(", ", names.Keys)), true, row => ChoiceName(get(row)),
            (row, text) =>
            {
                if (!names.TryGetValue(text, out var value))
                {
                    return false;
                }
                set(row, value);
                return true;
            });
    }

    /// <summary>The provenance columns every catalog ends with: source, sourceUrl, asOf.</summary>
    public static CatalogColumn<T>[] Provenance<T>() where T : CatalogRow =>
    [
        Text<T>("source", "Where the figures come from; name any point chosen from a range", r => r.Source, (r, v) => r.Source = v,
            maxLength: Limits.TextLength),
        new("sourceUrl", "", "Link to the source", Url.With(MaxUrlLength.ToString("N0", Invariant)), false, r => r.SourceUrl ?? "",
            (row, text) =>
            {
                if (text.Length == 0)
                {
                    row.SourceUrl = null;
                    return true;
                }
                if (text.Length > MaxUrlLength || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    return false;
                }
                row.SourceUrl = text;
                return true;
            }),
        new("asOf", "date", "The date the figures were true on", AsOfDate.With(EarliestAsOf.ToString("yyyy-MM-dd", Invariant)), true, r => r.AsOf.ToString("yyyy-MM-dd", Invariant),
            (row, text) =>
            {
                // The lower bound also catches a web edit that never set the date (DateOnly's default, 0001-01-01).
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", Invariant, DateTimeStyles.None, out var date) || date < EarliestAsOf)
                {
                    return false;
                }
                row.AsOf = date;
                return true;
            }),
    ];

    /// <summary>"onDemand" for PricingKind.OnDemand: the camelCase spelling JSON output uses too.</summary>
    public static string ChoiceName<TEnum>(TEnum value) where TEnum : struct, Enum
    {
        var text = value.ToString();
        return char.ToLowerInvariant(text[0]) + text[1..];
    }

    /// <summary>A money amount without trailing zeros or exponent: 40625, 0.075.</summary>
    public static string FormatMoney(decimal value) => value.ToString("0.############################", Invariant);

    /// <summary>"must be a number &gt; 0 and &lt;= 1000000": the range's bounds (<see cref="NumberRange.AsPhrase"/>) after "a number".</summary>
    private static Phrase NumberRule(NumberRange range) => range.AsPhrase().Args switch
    {
        [string bound] => NumberOne.With(bound),
        [string lower, string upper] => NumberBoth.With(lower, upper),
        _ => NumberFinite.With(),
    };

    private static Phrase Optionally(Phrase rule, bool required) => required ? rule : OrEmpty.With(rule);

    private static bool TryDouble(string text, NumberRange range, out double value) =>
        double.TryParse(text, NumberStyles.Float, Invariant, out value) && range.Contains(value);
}
