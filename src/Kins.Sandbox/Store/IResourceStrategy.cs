using System.Text.Json.Nodes;

namespace Kins.Sandbox.Store;

/// <summary>Per-resource defaulting and validation, run by the store before it commits a write.</summary>
internal interface IResourceStrategy
{
    /// <summary>Defaults and validates a new object; throws <see cref="ApiException"/> (422, 400) to refuse it.</summary>
    void PrepareForCreate(WriteContext context, JsonObject obj);

    /// <summary>Defaults and validates an updated object against its stored version.</summary>
    void PrepareForUpdate(WriteContext context, JsonObject obj, JsonObject old);
}
