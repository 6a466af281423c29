namespace Planner.CostModel.Inputs;

/// <summary>
/// The ISO 4217 codes a scenario may be written in: the active national and regional currencies (ISO 4217 list one,
/// amendment 179, 2024), without precious metals, funds and testing codes (XAU, XDR, XTS, XXX, ...).
/// </summary>
public static class Currencies
{
    private static readonly HashSet<string> Codes = new(StringComparer.Ordinal)
    {
        "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF", "BMD",
        "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP",
        "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP",
        "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
        "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD",
        "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN",
        "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB",
        "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL",
        "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VES", "VND",
        "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG",
    };

    /// <summary>Every allowed code, in alphabetical order.</summary>
    public static IReadOnlyList<string> All { get; } = Codes.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Whether <paramref name="code"/> is an allowed ISO 4217 code (upper case, exactly as listed).</summary>
    public static bool IsKnown(string? code) => code is not null && Codes.Contains(code);

    private static readonly Dictionary<string, string> Symbols = new(StringComparer.OrdinalIgnoreCase)
    {
        ["USD"] = "$", ["EUR"] = "€", ["GBP"] = "£", ["JPY"] = "¥", ["CNY"] = "¥", ["INR"] = "₹", ["KRW"] = "₩",
        ["CAD"] = "CA$", ["AUD"] = "A$", ["BRL"] = "R$", ["RUB"] = "₽", ["TRY"] = "₺", ["PLN"] = "zł ", ["CHF"] = "CHF ",
    };

    /// <summary>
    /// How money in <paramref name="currency"/> is prefixed for people, in every host and language (the web's figures and
    /// charts, the PDF): its common symbol, or its code and a space when it has none ("SEK ").
    /// </summary>
    public static string Symbol(string currency) => Symbols.TryGetValue(currency, out var symbol) ? symbol : currency + " ";
}
