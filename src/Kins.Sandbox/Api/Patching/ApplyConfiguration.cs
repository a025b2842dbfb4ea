using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kins.Sandbox.Store;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kins.Sandbox.Api.Patching;

/// <summary>Reads the body of an <c>application/apply-patch+yaml</c> request (YAML, or JSON which is YAML) into a JSON object.</summary>
internal static partial class ApplyConfiguration
{
    public static JsonObject Parse(string body)
    {
        if (body.TrimStart().StartsWith('{'))
        {
            try
            {
                return JsonNode.Parse(body) as JsonObject ?? throw ApiException.BadRequest("the applied configuration must be an object");
            }
            catch (System.Text.Json.JsonException e)
            {
                throw ApiException.BadRequest("error decoding JSON: " + e.Message);
            }
        }
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(body));
        }
        catch (YamlException e)
        {
            throw ApiException.BadRequest("error decoding YAML: " + e.Message);
        }
        if (stream.Documents.Count != 1 || Convert(stream.Documents[0].RootNode) is not JsonObject obj)
        {
            throw ApiException.BadRequest("error decoding YAML: the applied configuration must be exactly one object");
        }
        return obj;
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? string.Empty, Convert(c.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    // YAML 1.2 core schema for plain scalars: null, booleans, numbers; everything quoted is a string.
    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }
        if (text is "" or "~" or "null" or "Null" or "NULL") { return null; }
        if (text is "true" or "True" or "TRUE") { return JsonValue.Create(true); }
        if (text is "false" or "False" or "FALSE") { return JsonValue.Create(false); }
        if (IntegerPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)) { return JsonValue.Create(integer); }
        if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)) { return JsonValue.Create(real); }
        return JsonValue.Create(text);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
