using System.Text;
using System.Text.Json.Nodes;

namespace Kins.Sandbox.Store.Strategies;

/// <summary>Secrets default to type Opaque; <c>stringData</c> is folded into base64 <c>data</c>, as the API server does.</summary>
internal sealed class SecretStrategy : DefaultStrategy
{
    public override void PrepareForCreate(WriteContext context, JsonObject obj)
    {
        obj["type"] ??= "Opaque";
        if (obj["stringData"] is JsonObject stringData)
        {
            var data = Section(obj, "data");
            foreach (var (key, value) in stringData)
            {
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes((string?)value ?? string.Empty));
            }
            obj.Remove("stringData");
        }
    }
}
