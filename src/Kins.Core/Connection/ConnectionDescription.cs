namespace Kins.Core.Connection;

/// <summary>The secret-free facts about a connection, for messages and for the PowerShell layer.</summary>
internal sealed record ConnectionDescription(string ContextName, string Server, string? Namespace, string Source, string? ProxyUrl, string Authentication)
{
    public override string ToString() =>
        $"context '{ContextName}' (server {Server}{(ProxyUrl is null ? string.Empty : " via proxy " + ProxyUrl)}, {Authentication}, from {Source})";
}
