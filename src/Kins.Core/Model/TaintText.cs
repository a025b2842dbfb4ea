using k8s.Models;

namespace Kins.Core.Model;

/// <summary>A taint as kubectl writes it: <c>key[=value]:Effect</c>.</summary>
internal static class TaintText
{
    public static string Of(V1Taint taint) =>
        string.IsNullOrEmpty(taint.Value) ? $"{taint.Key}:{taint.Effect}" : $"{taint.Key}={taint.Value}:{taint.Effect}";
}
