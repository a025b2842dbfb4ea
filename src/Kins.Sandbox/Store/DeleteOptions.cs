namespace Kins.Sandbox.Store;

/// <summary>The parts of <c>metav1.DeleteOptions</c> the store honours.</summary>
internal sealed record DeleteOptions(string? PreconditionUid = null, string? PreconditionResourceVersion = null, bool DryRun = false, long? GracePeriodSeconds = null);

/// <summary>The result of a delete: the object's last version, and whether it is gone or only marked (finalizers).</summary>
internal sealed record DeleteResult(StoredObject Object, bool Removed);

/// <summary>One page of a list.</summary>
internal sealed record ListPage(IReadOnlyList<StoredObject> Items, long ResourceVersion, string? Continue);
