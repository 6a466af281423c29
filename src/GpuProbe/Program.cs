using Planner.GpuProbe;

// The standalone probe (scripts/gpu-bundle.sh): model shapes come from --shapes (the bundle's models.json).
return await GpuProbeCommand.RunAsync(GpuProbeCommand.Create(catalogShapes: null), args, Console.Error);
