using System.Text.Json.Nodes;
using Kins.Sandbox.Schema;

namespace Kins.Sandbox.Store.Strategies;

/// <summary>
/// Custom resources as the API server treats them: unknown fields pruned (a 400 under strict field validation,
/// a warning otherwise), schema defaults applied, schema types validated (422 with causes).
/// </summary>
internal sealed class CustomResourceStrategy : DefaultStrategy
{
    public static new CustomResourceStrategy Instance { get; } = new();

    public override void PrepareForCreate(WriteContext context, JsonObject obj)
    {
        var schema = context.Type.Schema;
        if (schema is null)
        {
            return;
        }
        var unknown = StructuralSchema.Prune(obj, schema);
        if (unknown.Count > 0)
        {
            var list = string.Join(", ", unknown.Select(u => $"unknown field \"{u}\""));
            if (context.FieldValidation == FieldValidation.Strict)
            {
                throw ApiException.BadRequest(
                    $"{context.Type.Kind} in version \"{context.Type.Version}\" cannot be handled as a {context.Type.Kind}: strict decoding error: {list}");
            }
            if (context.FieldValidation == FieldValidation.Warn)
            {
                context.Warnings.AddRange(unknown.Select(u => $"unknown field \"{u}\""));
            }
        }
        StructuralSchema.ApplyDefaults(obj, schema);
        var causes = StructuralSchema.Validate(obj, schema);
        if (causes.Count > 0)
        {
            throw ApiException.Invalid(context.Type, (string?)obj["metadata"]?["name"] ?? string.Empty, causes);
        }
    }
}
