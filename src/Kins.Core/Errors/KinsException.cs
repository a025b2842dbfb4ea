namespace Kins.Core.Errors;

/// <summary>
/// A failure Kins can explain: a stable <see cref="ErrorId"/> (see <see cref="KinsErrorIds"/>), a category,
/// a message that says what to do, and the object it concerns (usually the NodeUnit's name).
/// Messages never contain tokens or other secrets.
/// </summary>
public class KinsException : Exception
{
    public KinsException(string errorId, KinsErrorCategory category, string message, object? target = null, Exception? inner = null)
        : base(message, SafeExceptions.Sanitize(inner))
    {
        ErrorId = errorId;
        Category = category;
        Target = target;
    }

    public KinsException() : this(KinsErrorIds.ApiRequestFailed, KinsErrorCategory.NotSpecified, "Kins operation failed.") { }
    public KinsException(string message) : this(KinsErrorIds.ApiRequestFailed, KinsErrorCategory.NotSpecified, message) { }
    public KinsException(string message, Exception inner) : this(KinsErrorIds.ApiRequestFailed, KinsErrorCategory.NotSpecified, message, null, inner) { }

    public string ErrorId { get; }
    public KinsErrorCategory Category { get; }
    public object? Target { get; }
    /// <summary>Optional advice (ErrorDetails.RecommendedAction).</summary>
    public string? RecommendedAction { get; init; }
}
