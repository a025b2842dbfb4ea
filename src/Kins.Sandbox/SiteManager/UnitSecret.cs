using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kins.Core.SuperEdge;

namespace Kins.Sandbox.SiteManager;

/// <summary>
/// The tokens of a unit's Secret <c>&lt;unit&gt;-sec-kins</c>: the K3s token (also the agents' join token) and the
/// <c>system:masters</c> token of the edge kubeconfig. Created once; a later promotion reuses them (kins.go:351-379).
/// </summary>
internal sealed record UnitSecret(string K3sToken, string KubeconfigToken)
{
    /// <summary>The alphabet of k8s.io/apimachinery's rand.String, which site-manager draws the known token from.</summary>
    private const string RandAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>generateKinsSecretK3SToken: hex SHA-1 of the unit name and 10 random characters; the known token: 32 random characters.</summary>
    public static UnitSecret New(string unit)
    {
#pragma warning disable CA5350 // SuperEdge's token format (hex SHA-1 of random input); not used to protect anything here.
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(unit + Random(10)));
#pragma warning restore CA5350
        return new UnitSecret(Convert.ToHexString(hash).ToLowerInvariant(), Random(32));
    }

    /// <summary>Reads an existing Secret's tokens; null when it lacks them.</summary>
    public static UnitSecret? From(JsonObject secret)
    {
        var data = secret["data"] as JsonObject;
        string? Read(string key)
        {
            if (data?[key] is not JsonValue v || !v.TryGetValue<string>(out var b64)) { return null; }
            try { return Encoding.UTF8.GetString(Convert.FromBase64String(b64)); }
            catch (FormatException) { return null; }
        }
        var known = Read(SuperEdgeNames.KnownTokensKey);
        var k3s = Read(SuperEdgeNames.K3sTokenKey);
        return known is null || k3s is null ? null : new UnitSecret(k3s, known.Split(',')[0]);
    }

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string Random(int length) => string.Create(length, 0, (span, _) =>
    {
        for (var i = 0; i < span.Length; i++) { span[i] = RandAlphabet[RandomNumberGenerator.GetInt32(RandAlphabet.Length)]; }
    });
}
