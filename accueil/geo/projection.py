"""Lambert conformal conic projection, for the outlines the browser draws as they are.

The map is drawn from outlines projected once, in Python, rather than by the browser at
every load: the browser then only places ready-made SVG paths. The projection is Lambert-93
(EPSG:2154), the official projection of metropolitan France, the one IGN maps use: conic
conformal on the GRS80 ellipsoid, standard parallels 44° N and 49° N, origin 46°30' N 3° E,
false easting 700 000 m and false northing 6 600 000 m (decree n° 2000-1276 of 26 December
2000, annex; IGN, *Notice technique NTG 71, Projection cartographique conique conforme de
Lambert*, algorithms ALG0001 and ALG0003).

Formulas: J. P. Snyder, *Map Projections — A Working Manual*, USGS Professional Paper 1395
(1987), pp. 107-109, equations 14-15, 15-1 to 15-10 (ellipsoidal case, two standard
parallels). The tests check Snyder's worked example (p. 296) and PROJ's Lambert-93 on
points across the massif. Pure: numpy only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class ConicConformal:
    """A Lambert conformal conic projection with two standard parallels (degrees, metres)."""

    semi_major_axis: float
    inverse_flattening: float
    parallel_1: float
    parallel_2: float
    origin_latitude: float
    central_meridian: float
    false_easting: float = 0.0
    false_northing: float = 0.0

    @property
    def eccentricity(self) -> float:
        f = 1 / self.inverse_flattening
        return math.sqrt(2 * f - f * f)

    def _m(self, phi: float) -> float:
        """Snyder 14-15: m = cos φ / √(1 − e² sin² φ)."""
        e = self.eccentricity
        return math.cos(phi) / math.sqrt(1 - (e * math.sin(phi)) ** 2)

    def _t(self, phi: Array | float) -> Array:
        """Snyder 15-9: t = tan(π/4 − φ/2) / ((1 − e sin φ)/(1 + e sin φ))^(e/2)."""
        e = self.eccentricity
        sin = np.sin(phi)
        return np.asarray(np.tan(math.pi / 4 - np.asarray(phi) / 2)
                          / ((1 - e * sin) / (1 + e * sin)) ** (e / 2), dtype=np.float64)

    def project(self, longitude: Array, latitude: Array) -> tuple[Array, Array]:
        """Easting and northing in metres of points given in degrees (WGS84 ≈ GRS80)."""
        phi1, phi2 = math.radians(self.parallel_1), math.radians(self.parallel_2)
        phi0 = math.radians(self.origin_latitude)
        m1, m2 = self._m(phi1), self._m(phi2)
        t1, t2, t0 = (float(self._t(p)) for p in (phi1, phi2, phi0))
        n = (math.log(m1) - math.log(m2)) / (math.log(t1) - math.log(t2))  # 15-8
        big_f = m1 / (n * t1 ** n)  # 15-10
        rho0 = self.semi_major_axis * big_f * t0 ** n  # 15-7 at the origin
        rho = self.semi_major_axis * big_f * self._t(np.radians(latitude)) ** n  # 15-7
        theta = n * np.radians(np.asarray(longitude, dtype=np.float64) - self.central_meridian)
        x = self.false_easting + rho * np.sin(theta)  # 15-1
        y = self.false_northing + rho0 - rho * np.cos(theta)  # 15-2
        return np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)


LAMBERT_93 = ConicConformal(semi_major_axis=6_378_137.0, inverse_flattening=298.257222101,
                            parallel_1=44.0, parallel_2=49.0, origin_latitude=46.5,
                            central_meridian=3.0, false_easting=700_000.0,
                            false_northing=6_600_000.0)
