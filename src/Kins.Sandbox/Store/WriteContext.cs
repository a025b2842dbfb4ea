namespace Kins.Sandbox.Store;

/// <summary>How the server treats unknown fields (the <c>fieldValidation</c> query parameter).</summary>
internal enum FieldValidation { Ignore, Warn, Strict }

/// <summary>What a write carries besides the object: its type, validation mode, and warnings to send back.</summary>
internal sealed class WriteContext
{
    public WriteContext(ResourceType type, FieldValidation fieldValidation = FieldValidation.Warn)
    {
        Type = type;
        FieldValidation = fieldValidation;
    }

    public ResourceType Type { get; }
    public FieldValidation FieldValidation { get; }
    /// <summary>Subresource being written: null for the main resource, "status" for the status subresource.</summary>
    public string? Subresource { get; init; }
    /// <summary>A dry run (<c>dryRun=All</c>): every check and default runs, nothing is stored or published.</summary>
    public bool DryRun { get; init; }
    public List<string> Warnings { get; } = [];
    /// <summary>
    /// Who writes, as <c>managedFields</c> records it: the request's <c>fieldManager</c> (or its user agent); the
    /// sandbox's in-process controllers write as <see cref="ControllerManager"/>.
    /// </summary>
    public string FieldManager { get; init; } = ControllerManager;
    /// <summary>A server-side apply: <c>managedFields</c> were computed with the merge, so the store does not track an Update.</summary>
    public bool Applied { get; init; }

    public const string ControllerManager = "kins-sandbox-controllers";
}
