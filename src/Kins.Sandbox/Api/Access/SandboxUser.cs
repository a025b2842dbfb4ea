namespace Kins.Sandbox.Api.Access;

/// <summary>An authenticated user of the sandbox: the admin (everything) or the read-only viewer (like the <c>view</c> role).</summary>
internal sealed record SandboxUser(string Name, IReadOnlyList<string> Groups, bool ReadOnly)
{
    public static SandboxUser Admin { get; } = new("kins-sandbox-admin", ["system:masters", "system:authenticated"], false);
    public static SandboxUser Viewer { get; } = new("kins-sandbox-readonly", ["system:authenticated"], true);
}

/// <summary>What a request asks to do, as the authorizer sees it (authorization.k8s.io ResourceAttributes / NonResourceAttributes).</summary>
internal sealed record AccessRequest(string Verb, string? Group = null, string? Resource = null, string? Subresource = null,
    string? Namespace = null, string? Name = null, string? Path = null)
{
    public bool IsResource => Resource is not null;
}
