package pdfwalk

import "math"

// Matrix is a PDF transformation matrix [a b c d e f].
type Matrix [6]float64

// Identity is the identity transformation.
var Identity = Matrix{1, 0, 0, 1, 0, 0}

// Mul returns m followed by n (m × n in PDF's row-vector convention).
func (m Matrix) Mul(n Matrix) Matrix {
	return Matrix{
		m[0]*n[0] + m[1]*n[2],
		m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2],
		m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4],
		m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// Apply transforms the point (x, y).
func (m Matrix) Apply(x, y float64) (float64, float64) {
	return x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]
}

// Rect is an axis-aligned rectangle in page space (points, y up).
type Rect struct {
	X0, Y0, X1, Y1 float64
}

// Dx is the rectangle's width.
func (r Rect) Dx() float64 { return r.X1 - r.X0 }

// Dy is the rectangle's height.
func (r Rect) Dy() float64 { return r.Y1 - r.Y0 }

// Empty reports whether the rectangle has no area.
func (r Rect) Empty() bool { return r.X0 >= r.X1 || r.Y0 >= r.Y1 }

// Intersect returns the part of r inside s.
func (r Rect) Intersect(s Rect) Rect {
	return Rect{math.Max(r.X0, s.X0), math.Max(r.Y0, s.Y0), math.Min(r.X1, s.X1), math.Min(r.Y1, s.Y1)}
}

// Contains reports whether (x, y) lies in r, widened by tol on every side.
func (r Rect) Contains(x, y, tol float64) bool {
	return x >= r.X0-tol && x <= r.X1+tol && y >= r.Y0-tol && y <= r.Y1+tol
}

// canon orders the corners so that X0 ≤ X1 and Y0 ≤ Y1.
func (r Rect) canon() Rect {
	if r.X0 > r.X1 {
		r.X0, r.X1 = r.X1, r.X0
	}
	if r.Y0 > r.Y1 {
		r.Y0, r.Y1 = r.Y1, r.Y0
	}
	return r
}

// transformRect returns the bounding box of r transformed by m.
func transformRect(r Rect, m Matrix) Rect {
	xs, ys := [4]float64{}, [4]float64{}
	xs[0], ys[0] = m.Apply(r.X0, r.Y0)
	xs[1], ys[1] = m.Apply(r.X1, r.Y0)
	xs[2], ys[2] = m.Apply(r.X0, r.Y1)
	xs[3], ys[3] = m.Apply(r.X1, r.Y1)
	out := Rect{xs[0], ys[0], xs[0], ys[0]}
	for i := 1; i < 4; i++ {
		out.X0, out.X1 = math.Min(out.X0, xs[i]), math.Max(out.X1, xs[i])
		out.Y0, out.Y1 = math.Min(out.Y0, ys[i]), math.Max(out.Y1, ys[i])
	}
	return out
}

func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e7 {
			return false
		}
	}
	return true
}
