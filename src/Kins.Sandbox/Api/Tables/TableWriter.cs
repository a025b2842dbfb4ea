using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Api.Tables;

/// <summary>
/// Writes server-side Tables (<c>meta.k8s.io Table</c>): built-in columns for built-in types, the CRD's
/// additionalPrinterColumns for custom resources, and each row's object as PartialObjectMetadata by default.
/// </summary>
internal sealed class TableWriter
{
    private readonly ResourceType _type;
    private readonly string _apiVersion;
    private readonly string _includeObject;
    private readonly IReadOnlyList<ColumnDefinition> _columns;
    private readonly Func<JsonObject, object?[]> _cells;

    public TableWriter(ResourceType type, string tableVersion, string? includeObject)
    {
        _type = type;
        _apiVersion = "meta.k8s.io/" + tableVersion;
        _includeObject = includeObject ?? "Metadata";
        if (type.IsCustom)
        {
            var columns = new List<ColumnDefinition> { ColumnDefinition.Name0 };
            columns.AddRange(type.PrinterColumns.Select(c => new ColumnDefinition(c.Name, c.Type, c.Format ?? string.Empty, c.Description, c.Priority)));
            _columns = columns;
            _cells = CustomCells;
        }
        else
        {
            var layout = BuiltinTables.For(type.StorageKey);
            _columns = layout.Columns;
            _cells = layout.Cells;
        }
    }

    public void Write(Utf8JsonWriter writer, IEnumerable<(JsonObject Node, byte[] Json)> rows, long resourceVersion, string? continueToken)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", "Table");
        writer.WriteString("apiVersion", _apiVersion);
        writer.WriteStartObject("metadata");
        writer.WriteString("resourceVersion", resourceVersion.ToString(CultureInfo.InvariantCulture));
        if (continueToken is not null) { writer.WriteString("continue", continueToken); }
        writer.WriteEndObject();
        writer.WriteStartArray("columnDefinitions");
        foreach (var c in _columns)
        {
            writer.WriteStartObject();
            writer.WriteString("name", c.Name);
            writer.WriteString("type", c.Type);
            writer.WriteString("format", c.Format);
            writer.WriteString("description", c.Description);
            writer.WriteNumber("priority", c.Priority);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("rows");
        foreach (var (node, json) in rows)
        {
            WriteRow(writer, node, json);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private void WriteRow(Utf8JsonWriter writer, JsonObject node, byte[] json)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("cells");
        JsonSerializer.Serialize(writer, _cells(node).Select(ToNode).ToArray());
        switch (_includeObject)
        {
            case "None":
                break;
            case "Object":
                writer.WritePropertyName("object");
                writer.WriteRawValue(json, skipInputValidation: true);
                break;
            default:
                writer.WriteStartObject("object");
                writer.WriteString("kind", "PartialObjectMetadata");
                writer.WriteString("apiVersion", "meta.k8s.io/v1");
                writer.WritePropertyName("metadata");
                node["metadata"]!.WriteTo(writer);
                writer.WriteEndObject();
                break;
        }
        writer.WriteEndObject();
    }

    private object?[] CustomCells(JsonObject node)
    {
        var cells = new object?[_type.PrinterColumns.Count + 1];
        cells[0] = (string?)node["metadata"]?["name"];
        for (var i = 0; i < _type.PrinterColumns.Count; i++)
        {
            var column = _type.PrinterColumns[i];
            var value = JsonFields.Path(node, column.JsonPath);
            cells[i + 1] = value is null ? null
                : column.Type == "date" ? HumanDuration.Since(Timestamps.Parse((string?)value))
                : value.DeepClone();
        }
        return cells;
    }

    private static JsonNode? ToNode(object? cell) => cell switch
    {
        null => null,
        JsonNode n => n,
        string s => JsonValue.Create(s),
        long l => JsonValue.Create(l),
        int i => JsonValue.Create(i),
        bool b => JsonValue.Create(b),
        _ => JsonValue.Create(Convert.ToString(cell, CultureInfo.InvariantCulture)),
    };
}
