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
    /// Runs under the store's lock once the object is defaulted and checked, with the stored version (null on create):
    /// the field manager records <c>managedFields</c> here, so ownership always matches what is committed.
    /// </summary>
    public Action<System.Text.Json.Nodes.JsonObject, System.Text.Json.Nodes.JsonObject?>? BeforeCommit { get; init; }
}
