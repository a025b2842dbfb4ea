using System.Management.Automation;

namespace Kins.PowerShell.Completion;

internal static class CompletionValues
{
    public static IEnumerable<CompletionResult> Complete(IEnumerable<string> values, string? wordToComplete)
    {
        var pattern = WildcardPattern.Get((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        return values.Where(pattern.IsMatch).Order(StringComparer.Ordinal)
            .Select(v => new CompletionResult(Quote(v), v, CompletionResultType.ParameterValue, v));
    }

    private static string Quote(string value) =>
        value.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '`' or '(' or ')' or ';' or ',' or '{' or '}')
            ? "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'"
            : value;
}
