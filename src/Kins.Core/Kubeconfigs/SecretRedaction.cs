namespace Kins.Core.Kubeconfigs;

/// <summary>Keeps credentials out of messages: tokens, keys and passwords are never quoted.</summary>
internal static class SecretRedaction
{
    private static readonly string[] SecretWords = ["token", "key", "password", "secret", "certificate-data"];

    public static bool MayHoldSecret(string text) =>
        SecretWords.Any(word => text.Contains(word, StringComparison.OrdinalIgnoreCase));

    /// <summary>A token shown as its length only, e.g. for debugging "which token" without revealing it.</summary>
    public static string Describe(string? token) => string.IsNullOrEmpty(token) ? "(none)" : $"({token.Length} characters, hidden)";
}
