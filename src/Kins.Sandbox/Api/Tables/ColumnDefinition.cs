namespace Kins.Sandbox.Api.Tables;

/// <summary>A column of a server-side Table (<c>meta.k8s.io/v1 TableColumnDefinition</c>).</summary>
internal sealed record ColumnDefinition(string Name, string Type, string Format, string Description, int Priority = 0)
{
    public static ColumnDefinition Name0 { get; } = new("Name", "string", "name", "Name must be unique within a namespace.");
    public static ColumnDefinition AgeColumn { get; } = new("Age", "string", string.Empty, "CreationTimestamp is a timestamp representing the server time when this object was created.");

    public static ColumnDefinition Str(string name, string description = "", int priority = 0) => new(name, "string", string.Empty, description, priority);

    public static ColumnDefinition Int(string name, string description = "", int priority = 0) => new(name, "integer", string.Empty, description, priority);
}
