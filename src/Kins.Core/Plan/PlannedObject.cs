namespace Kins.Core.Plan;

/// <summary>One object the plan says must exist: its kind (as the API names it), namespace and name.</summary>
/// <param name="Component">Which part of the edge cluster it is.</param>
/// <param name="ApiVersion">e.g. <c>apps/v1</c>.</param>
/// <param name="Kind">e.g. <c>StatefulSet</c>.</param>
/// <param name="Namespace">Null for cluster-scoped objects.</param>
/// <param name="Name">The object's name; for <see cref="KinsComponent.ServerRole"/> the node's name.</param>
public sealed record PlannedObject(KinsComponent Component, string ApiVersion, string Kind, string? Namespace, string Name);
