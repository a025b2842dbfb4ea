using System.Text.Json.Nodes;

namespace Kins.Sandbox.Store;

/// <summary>One field error of a 422 Invalid answer (metav1.StatusCause).</summary>
internal sealed record StatusCause(string Reason, string Message, string Field);

/// <summary>A failure the API answers with a <c>metav1.Status</c>: code, reason, message and details.</summary>
internal sealed class ApiException : Exception
{
    public ApiException(int code, string reason, string message, string? name = null, string? group = null, string? kind = null,
        IReadOnlyList<StatusCause>? causes = null, int? retryAfterSeconds = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Name = name;
        Group = group;
        Kind = kind;
        Causes = causes ?? [];
        RetryAfterSeconds = retryAfterSeconds;
    }

    public ApiException() : this(500, "InternalError", "internal error") { }
    public ApiException(string message) : this(500, "InternalError", message) { }
    public ApiException(string message, Exception inner) : base(message, inner) { Code = 500; Reason = "InternalError"; Causes = []; }

    public int Code { get; }
    public string Reason { get; }
    public string? Name { get; }
    public string? Group { get; }
    public string? Kind { get; }
    public IReadOnlyList<StatusCause> Causes { get; }
    public int? RetryAfterSeconds { get; }

    public static ApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.GroupResource} \"{name}\" not found", name, type.Group, type.Plural);

    public static ApiException NamespaceNotFound(string ns) =>
        new(404, "NotFound", $"namespaces \"{ns}\" not found", ns, "", "namespaces");

    public static ApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.GroupResource} \"{name}\" already exists", name, type.Group, type.Plural);

    public static ApiException Conflict(ResourceType type, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.GroupResource} \"{name}\": {why}", name, type.Group, type.Plural);

    public static ApiException StaleResourceVersion(ResourceType type, string name) =>
        Conflict(type, name, "the object has been modified; please apply your changes to the latest version and try again");

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException Invalid(ResourceType type, string name, IReadOnlyList<StatusCause> causes)
    {
        var detail = causes.Count == 1
            ? causes[0].Field + ": " + causes[0].Message
            : "[" + string.Join(", ", causes.Select(c => c.Field + ": " + c.Message)) + "]";
        return new(422, "Invalid", $"{type.GroupKind} \"{name}\" is invalid: {detail}", name, type.Group, type.Kind, causes);
    }

    public static ApiException MethodNotAllowed() =>
        new(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");

    public static ApiException UnsupportedMediaType(string contentType, IEnumerable<string> accepted) =>
        new(415, "UnsupportedMediaType",
            $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted)}" +
            (string.IsNullOrEmpty(contentType) ? string.Empty : $" (got {contentType})"));

    public static ApiException TooLarge(long limit) =>
        new(413, "RequestEntityTooLarge", $"Request entity too large: limit is {limit}");

    public static ApiException Gone(string message) => new(410, "Expired", message);

    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    /// <summary>The <c>metav1.Status</c> body of this failure.</summary>
    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
            ["code"] = Code,
        };
        if (Name is not null || Kind is not null || Causes.Count > 0 || RetryAfterSeconds is not null)
        {
            var details = new JsonObject();
            if (Name is not null) { details["name"] = Name; }
            if (Group is not null) { details["group"] = Group; }
            if (Kind is not null) { details["kind"] = Kind; }
            if (Causes.Count > 0)
            {
                details["causes"] = new JsonArray(Causes.Select(c => (JsonNode)new JsonObject
                {
                    ["reason"] = c.Reason, ["message"] = c.Message, ["field"] = c.Field,
                }).ToArray());
            }
            if (RetryAfterSeconds is int retry) { details["retryAfterSeconds"] = retry; }
            status["details"] = details;
        }
        return status;
    }
}
