using System.Text.Json.Nodes;

namespace Kins.Sandbox.Store.Strategies;

/// <summary>Built-in types with no defaults beyond what the store sets for every object.</summary>
internal class DefaultStrategy : IResourceStrategy
{
    public static DefaultStrategy Instance { get; } = new();

    public virtual void PrepareForCreate(WriteContext context, JsonObject obj) { }

    public virtual void PrepareForUpdate(WriteContext context, JsonObject obj, JsonObject old) => PrepareForCreate(context, obj);

    protected static JsonObject Section(JsonObject obj, string name)
    {
        if (obj[name] is not JsonObject section)
        {
            section = new JsonObject();
            obj[name] = section;
        }
        return section;
    }
}
